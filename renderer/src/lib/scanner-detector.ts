// A USB/Bluetooth barcode scanner in keyboard-wedge mode "types" the code: many keystrokes a few
// milliseconds apart, then Enter. A person at the keyboard types ~5–10 keys per second. We tell them
// apart by the gaps between keys, so the gate reacts to a scanner without needing focus on a field.

export interface KeyStroke {
  /** KeyboardEvent.key */
  key: string;
  /** milliseconds, any monotonic clock (event.timeStamp) */
  at: number;
}

export interface ScannerTiming {
  /** a gap longer than this between two keys is "slow" (a person's pace) */
  maxGapMs: number;
  /** a pause longer than this drops what came before (a new burst starts) */
  resetGapMs: number;
  /** a burst shorter than this is not a scan (a stray Enter, a person's "12") */
  minLength: number;
  /** slow gaps allowed inside one burst (a USB hub or a busy tablet hiccups): at least this many… */
  toleratedSlowGaps: number;
  /** …or this share of the gaps, for long codes */
  toleratedSlowShare: number;
}

export const defaultScannerTiming: ScannerTiming = { maxGapMs: 50, resetGapMs: 500, minLength: 8, toleratedSlowGaps: 1, toleratedSlowShare: 0.1 };

export type BurstKind = 'scanner' | 'human';

/** Classifies a finished burst (the printable keys before Enter, plus the Enter's own time). */
export function classifyBurst(keys: readonly KeyStroke[], enterAt: number, timing: ScannerTiming = defaultScannerTiming): BurstKind {
  if (keys.length < timing.minLength) return 'human';
  const times = [...keys.map((k) => k.at), enterAt];
  const gaps: number[] = [];
  for (let i = 1; i < times.length; i++) gaps.push(times[i]! - times[i - 1]!);
  const slow = gaps.filter((g) => g > timing.maxGapMs).length;
  const median = [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)] ?? Number.POSITIVE_INFINITY;
  // A person never types with a median gap under ~50 ms; a scanner rarely hiccups more than a few times.
  const tolerated = Math.max(timing.toleratedSlowGaps, Math.floor(gaps.length * timing.toleratedSlowShare));
  return median <= timing.maxGapMs && slow <= tolerated ? 'scanner' : 'human';
}

export interface ScannerState {
  keys: KeyStroke[];
}

export const emptyScannerState: ScannerState = { keys: [] };

export type ScannerStep = { state: ScannerState; scanned: string | null };

/**
 * Feeds one keydown. Returns the new state and, when Enter closes a burst typed by a scanner,
 * the scanned text. A person's typing is dropped (they use the on-screen keypad instead).
 */
export function feedKey(state: ScannerState, stroke: KeyStroke, timing: ScannerTiming = defaultScannerTiming): ScannerStep {
  const last = state.keys[state.keys.length - 1];
  // A long pause means what came before was not part of this scan: start over.
  const keys = last && stroke.at - last.at > timing.resetGapMs ? [] : state.keys;
  if (stroke.key === 'Enter') {
    const kind = classifyBurst(keys, stroke.at, timing);
    const text = keys.map((k) => k.key).join('');
    return { state: emptyScannerState, scanned: kind === 'scanner' && text.length > 0 ? text : null };
  }
  if (stroke.key.length !== 1) return { state: { keys }, scanned: null }; // Shift, Tab, arrows…
  if (keys.length >= 2048) return { state: emptyScannerState, scanned: null };
  return { state: { keys: [...keys, stroke] }, scanned: null };
}
