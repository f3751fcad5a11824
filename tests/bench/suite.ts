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
