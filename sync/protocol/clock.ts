// Everything that reads time takes a Clock, so tests can move time (and the sync agent's thread follows the
// gate's clock). One interface for the kiosk store, the gate, the agent, the city server and their tests.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests can set and advance (an ISO string, Unix milliseconds or a Date). */
export class ManualClock implements Clock {
  private ms: number;
  constructor(start: string | number | Date = '2026-11-29T08:00:00.000Z') {
    this.ms = toMs(start);
  }
  now(): Date {
    return new Date(this.ms);
  }
  set(t: string | number | Date): void {
    this.ms = toMs(t);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
  advanceMinutes(m: number): void {
    this.ms += m * 60_000;
  }
  advanceDays(d: number): void {
    this.ms += d * 86_400_000;
  }
}

function toMs(t: string | number | Date): number {
  return typeof t === 'number' ? t : typeof t === 'string' ? Date.parse(t) : t.getTime();
}
