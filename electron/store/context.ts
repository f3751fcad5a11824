import type { Database } from 'better-sqlite3';
import type { FieldCipher } from './field-cipher';
import type { Clock, EventLogger } from './types';

/** What every part of the store shares: the connection, the sealing key, the clock and the logger. */
export interface StoreContext {
  db: Database;
  cipher: FieldCipher;
  clock: Clock;
  logger: EventLogger | undefined;
  /** UUIDv7 from the clock, monotonic within the process */
  newId: () => string;
  /** see OpenKioskStoreOptions.betweenSlices */
  betweenSlices?: (() => void) | undefined;
}

export const nowMs = (ctx: StoreContext): number => ctx.clock.now().getTime();
