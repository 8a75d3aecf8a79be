package dev.spoor.space;

/** The agent behaviour on a space in a temporary directory. */
class DirectoryAgentTest extends AgentBehaviour {
  @Override
  Space open(Space.Options options) {
    return Space.open(dir, options);
  }
}
