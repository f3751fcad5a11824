// The camera sees the same QR in many frames in a row, and a visitor (or a phone propped on the stand)
// may keep it in front of the camera through the face check, the result and beyond. A handled code is
// therefore ignored for as long as it stays in view: every sighting of it moves `lastSeenAt` on, and it
// is taken again only after it has been out of sight for `goneMs` (the visitor lowered it and shows it
// again on purpose, e.g. exit right after entry). The screen also marks it seen when it comes back to
// the gate, because no decoding runs during the face check and the result.
export interface DebounceState {
  lastText: string | null;
  /** when the handled code was last seen (or the gate screen came back while it may still be there) */
  lastSeenAt: number;
}

export const initialDebounce: DebounceState = { lastText: null, lastSeenAt: Number.NEGATIVE_INFINITY };

export function acceptScan(state: DebounceState, text: string, now: number, goneMs: number): { accept: boolean; state: DebounceState } {
  if (state.lastText === text && now - state.lastSeenAt < goneMs) return { accept: false, state: { lastText: text, lastSeenAt: now } };
  return { accept: true, state: { lastText: text, lastSeenAt: now } };
}

/** Back at the gate screen: whatever was handled last may still be in front of the camera. */
export const stillInView = (state: DebounceState, now: number): DebounceState => ({ ...state, lastSeenAt: now });

/** Forget the handled code (the next sighting of it is taken at once). */
export const forget = (): DebounceState => initialDebounce;
