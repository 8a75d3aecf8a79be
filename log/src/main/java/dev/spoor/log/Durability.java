package dev.spoor.log;

/**
 * What an acknowledged transaction survives. Every mode survives the writing process being
 * killed: an appended transaction is in the operating system's page cache before
 * {@code transact} returns. They differ on a power loss or kernel crash.
 */
public enum Durability {
  /** Page cache only; the kernel writes back when it chooses (typically within 30 s). */
  NONE,
  /** Each append schedules an asynchronous write-back (msync MS_ASYNC); the last moments may be lost on power loss. */
  BATCHED,
  /** Each append is synced to the device (msync MS_SYNC) before it is acknowledged. */
  EVERY_TRANSACTION
}
