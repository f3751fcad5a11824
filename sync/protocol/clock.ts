// Everything on the kiosk that reads time takes a Clock, so tests can move time (and the sync agent's
// thread follows the gate's clock). One interface for the store, the gate, the agent and their tests.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
