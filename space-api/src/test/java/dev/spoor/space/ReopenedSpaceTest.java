package dev.spoor.space;

/** The space behaviour, read from a space reopened from its directory after every write. */
class ReopenedSpaceTest extends SpaceBehaviour {
  @Override
  void settle() {
    space.close();
    space = Space.open(dir, options());
  }
}
