package dev.spoor.space;

import dev.spoor.core.Keyword;

/**
 * An {@link Agent} was used after it left the space or after its lease lapsed. Either way the
 * space has retracted the agent's {@code :spoor.lifetime/agent} facts (its claims among them),
 * so acting on what the agent believed it held would be wrong; join again to act.
 */
public final class AgentGone extends SpaceException {
  private static final long serialVersionUID = 1L;
  private final String agent;
  private final Keyword cause;

  AgentGone(String agent, Keyword cause, String message) {
    super("agent-gone", message);
    this.agent = agent;
    this.cause = cause;
  }

  /** The agent's name. */
  public String agent() {
    return agent;
  }

  /** Why it is gone: {@code :spoor.cause/left} or {@code :spoor.cause/lease-expired}. */
  public Keyword cause() {
    return cause;
  }
}
