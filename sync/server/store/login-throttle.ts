// Failed-login throttling as a pure state step, applied by both stores inside one transaction.
// An attempt is counted as a failure *before* the password is checked (the reservation), and
// given back on success: so concurrent guesses cannot all slip through while one check is running.
export interface ThrottleState {
  failures: number;
  lockedUntil: number | null;
  updatedAt: number;
}

export interface ThrottlePolicy {
  /** failures in a row (within windowMs) that lock the key */
  maxFailures: number;
  /** failures older than this (and no lock in force) are forgotten */
  windowMs: number;
  /** first lock; doubles with every failure after that, up to maxLockMs */
  baseLockMs: number;
  maxLockMs: number;
}

export interface ThrottleRule {
  key: string;
  policy: ThrottlePolicy;
}

export type ReserveStep = { allowed: true; next: ThrottleState } | { allowed: false; retryAt: number };

export function reserveStep(state: ThrottleState | null, policy: ThrottlePolicy, now: number): ReserveStep {
  if (state?.lockedUntil != null && state.lockedUntil > now) return { allowed: false, retryAt: state.lockedUntil };
  const fresh = !state || now - state.updatedAt > policy.windowMs;
  const failures = (fresh ? 0 : state.failures) + 1;
  const lockedUntil = failures >= policy.maxFailures ? now + Math.min(policy.maxLockMs, policy.baseLockMs * 2 ** (failures - policy.maxFailures)) : null;
  return { allowed: true, next: { failures, lockedUntil, updatedAt: now } };
}

/** After a successful login: the reservation is given back (lock lifted if it no longer holds). */
export function undoStep(state: ThrottleState, policy: ThrottlePolicy): ThrottleState {
  const failures = Math.max(0, state.failures - 1);
  return { failures, lockedUntil: failures >= policy.maxFailures ? state.lockedUntil : null, updatedAt: state.updatedAt };
}
