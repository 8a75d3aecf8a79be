package dev.spoor.space;

/** The agent behaviour on an in-memory space. */
class InMemoryAgentTest extends AgentBehaviour {
  @Override
  Space open(Space.Options options) {
    return Space.inMemory(options);
  }
}
