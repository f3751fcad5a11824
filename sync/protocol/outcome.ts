// A gate decision's outcome: the one list the rules, the store (a CHECK constraint in migration 0001),
// the wire (/v1/visits), the city server and the screens share.
export const OUTCOMES = ['ADMIT', 'DENY', 'REFER'] as const;
export type Outcome = (typeof OUTCOMES)[number];
