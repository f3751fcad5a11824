export type BenchFigures = Record<string, number | string | boolean>;

export interface BenchSuite {
  /** Runs the suite; `log` prints progress lines. Returns the figures under their documented JSON keys. */
  run(log: (line: string) => void): Promise<BenchFigures>;
}

/** Percentile of already-collected samples (nearest-rank). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const median = (samples: readonly number[]): number => percentile(samples, 50);

/**
 * A figure beside its floor, measured in the same run on the same machine (the bare operation the
 * figure cannot beat: e.g. the same keys inserted straight through better-sqlite3), so the figure
 * survives a machine whose speed varies: `<key>`, `<key>_floor` and `<key>_ratio` = measured / floor
 * (lower is better; 1 is the limit). Both in the same unit.
 */
export function withFloor(key: string, measured: number, floor: number): BenchFigures {
  if (!(floor > 0) || !Number.isFinite(measured)) throw new Error(`bench ${key}: floor must be > 0 and the figure finite (got ${measured} / ${floor})`);
  return { [key]: measured, [`${key}_floor`]: floor, [`${key}_ratio`]: measured / floor };
}

/**
 * The same for a rate (per second, higher is better): `<key>_floor` is the floor's rate and `<key>_ratio`
 * = floor rate / measured rate, i.e. measured time / floor time, so that here too lower is better and 1
 * is the limit.
 */
export function withRateFloor(key: string, measuredPerS: number, floorPerS: number): BenchFigures {
  if (!(measuredPerS > 0) || !(floorPerS > 0)) throw new Error(`bench ${key}: rates must be > 0 (got ${measuredPerS} / ${floorPerS})`);
  return { [key]: measuredPerS, [`${key}_floor`]: floorPerS, [`${key}_ratio`]: floorPerS / measuredPerS };
}
