// The age of the kiosk's live risk list: one definition for the gate rules (stale-list policy), the
// screens (top bar, diagnostics), the heartbeat the server lists and the staff alert.
//
// A list is current as of the latest time the city vouched for it: its issue, or a signed head that
// confirmed it is still the current one (kept in the store, so it survives a restart). A kiosk that
// checks in hourly holds a current list even if Dinkes published it days ago; when the kiosk applied it
// is not evidence by itself (the sync agent confirms every list it applies).

/** What the age is computed from (the store's risk list meta has these fields). */
export interface RiskListTimes {
  /** ISO: when Dinkes issued the list */
  issuedAt: string;
  /** ISO: when a signed head last confirmed it current; null/absent = not since it was applied */
  confirmedAt?: string | null;
}

/** When the list was last known current (ms since epoch). */
export function riskListCurrentAt(meta: RiskListTimes): number {
  const issued = Date.parse(meta.issuedAt);
  const confirmed = meta.confirmedAt ? Date.parse(meta.confirmedAt) : Number.NaN;
  if (Number.isNaN(confirmed)) return issued;
  if (Number.isNaN(issued)) return confirmed;
  return Math.max(issued, confirmed);
}

/**
 * How long ago the list was last known current, in ms; null without a list. Negative when the issue time
 * is ahead of this clock (the gate rules flag that); callers that show or report an age clamp it at 0.
 */
export function riskListAgeMs(meta: RiskListTimes | null, nowMs: number): number | null {
  if (meta === null) return null;
  return nowMs - riskListCurrentAt(meta);
}
