import { sharedUnits } from './outbox/shared-unit';

/** The source of "now", injectable so that tests drive time instead of sleeping. */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** The clock the application injects: inside a shared unit (a change set), the unit's one instant. */
export class UnitAwareClock extends Clock {
  constructor(private readonly inner: Clock) {
    super();
  }

  now(): Date {
    return sharedUnits.getStore()?.now ?? this.inner.now();
  }
}
