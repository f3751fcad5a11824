// Periodic store upkeep for the app: retention purge + automatic check-out + retention alert (hourly by
// default, and once at start), and a WAL checkpoint while the gate is idle so visitors never wait for one.
import type { EventLogger, KioskStore, PurgeReport } from './types';

export interface HousekeepingOptions {
  purgeEveryMs?: number;
  checkpointEveryMs?: number;
  logger?: EventLogger;
}

export interface Housekeeping {
  runNow(): PurgeReport;
  stop(): void;
}

export function startStoreHousekeeping(store: KioskStore, opts: HousekeepingOptions = {}): Housekeeping {
  const guard = <T>(what: string, fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (err) {
      // housekeeping must never take the gate down; the next round tries again
      opts.logger?.error('store.housekeeping_failed', { task: what, code: (err as { code?: string }).code ?? null, message: (err as Error).message });
      return undefined;
    }
  };
  const purge = setInterval(() => guard('purge', () => store.purgeExpired()), opts.purgeEveryMs ?? 3_600_000);
  const checkpoint = setInterval(() => guard('checkpoint', () => store.checkpoint()), opts.checkpointEveryMs ?? 60_000);
  purge.unref();
  checkpoint.unref();
  guard('purge', () => store.purgeExpired());
  return {
    runNow: () => store.purgeExpired(),
    stop: () => {
      clearInterval(purge);
      clearInterval(checkpoint);
    },
  };
}
