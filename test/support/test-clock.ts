import { Clock } from '@app/core';

/** Real time, moved forward on demand: scheduled instants arrive without waiting for them. */
export class ShiftedClock extends Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

/** Time that stands still at `current` until a test moves it. */
export class FixedClock extends Clock {
  constructor(public current: Date) {
    super();
  }

  now(): Date {
    return new Date(this.current);
  }
}
