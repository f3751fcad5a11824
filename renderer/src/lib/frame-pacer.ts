// Sends camera frames to the face check at a steady rate with never more than one in flight, so a
// slow engine is not flooded and the newest frame is always the one judged.
export interface PacerState {
  inFlight: boolean;
  lastSentAt: number | null;
}

export const initialPacer: PacerState = { inFlight: false, lastSentAt: null };

export function mayGrab(state: PacerState, now: number, intervalMs: number): boolean {
  if (state.inFlight) return false;
  return state.lastSentAt === null || now - state.lastSentAt >= intervalMs;
}

export const sent = (_state: PacerState, now: number): PacerState => ({ inFlight: true, lastSentAt: now });
export const answered = (state: PacerState): PacerState => ({ ...state, inFlight: false });

/** Milliseconds between frames for a target rate, e.g. 6/s → 167 ms. */
export const intervalFor = (framesPerSecond: number): number => Math.round(1000 / Math.max(0.1, framesPerSecond));
