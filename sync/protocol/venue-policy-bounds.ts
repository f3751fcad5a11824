// The venue policy's enumerations and numeric bounds, written once: the zod schema (venue-policy.ts),
// the gate rules' GatePolicy (decision.ts) and the console's editor (its <input min max>) all read
// them. No runtime imports, so the console's browser bundle can take it.

export const STALE_LIST_ACTIONS = ['REFER', 'ADMIT_WITH_FLAG'] as const;
export type StaleListAction = (typeof STALE_LIST_ACTIONS)[number];

export const CLOSE_CONTACT_ACTIONS = ['DENY', 'REFER'] as const;
export type CloseContactAction = (typeof CLOSE_CONTACT_ACTIONS)[number];

/** [min, max], both inclusive, whole numbers. */
export const POLICY_NUMBER_BOUNDS = {
  staleListWarnHours: [1, 168],
  staleListHardHours: [1, 336],
  faceTimeoutSeconds: [5, 120],
  resultSeconds: [2, 30],
  minGoodFrames: [1, 30],
  capacityPercent: [5, 100],
  minAge: [0, 120],
  maxAge: [0, 120],
} as const satisfies Record<string, readonly [number, number]>;
export type PolicyNumberField = keyof typeof POLICY_NUMBER_BOUNDS;
