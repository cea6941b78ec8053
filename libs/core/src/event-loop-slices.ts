/** How long a long computation may hold the event loop before it lets other requests (and health probes) in. */
const SLICE_MS = 4;

/**
 * For loops over many items (validating a thousand scopes, planning a thousand clients): `next()`
 * yields to the event loop once `SLICE_MS` have passed since the last time, and costs nothing otherwise.
 * Never inside a SQLite transaction unit (see TransactionRunner): other requests would share it.
 */
export class EventLoopSlices {
  private since = performance.now();

  async next(): Promise<void> {
    if (performance.now() - this.since < SLICE_MS) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.since = performance.now();
  }
}
