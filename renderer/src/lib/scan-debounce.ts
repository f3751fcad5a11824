// The camera sees the same QR in many frames in a row, and a visitor keeps holding it up while the
// result shows. The same text is submitted again only after a cooldown.
export interface DebounceState {
  lastText: string | null;
  lastAt: number;
}

export const initialDebounce: DebounceState = { lastText: null, lastAt: Number.NEGATIVE_INFINITY };

export function acceptScan(state: DebounceState, text: string, now: number, cooldownMs: number): { accept: boolean; state: DebounceState } {
  if (state.lastText === text && now - state.lastAt < cooldownMs) return { accept: false, state };
  return { accept: true, state: { lastText: text, lastAt: now } };
}

/** After a result screen the same card may be shown again on purpose (e.g. exit right after entry). */
export const forget = (): DebounceState => initialDebounce;
