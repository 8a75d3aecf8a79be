package dev.spoor.space;

/** The space behaviour, read from the space that wrote it. */
class FreshSpaceTest extends SpaceBehaviour {
  @Override
  void settle() {}
}
