// Retry policy of the sync agent. A kiosk may be offline for days: it retries forever (visits are never
// dropped for being old), with exponential backoff and FULL jitter so a city of kiosks coming back after
// an outage spreads out instead of stampeding the server; a Retry-After from the server is a floor.

export interface BackoffPolicy {
  /** first retry window, ms */
  baseMs: number;
  /** the window never grows past this, ms */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, capMs: 5 * 60_000 };

/** Upper bound of the jitter window for the n-th consecutive failure (0-based). */
export function backoffWindowMs(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const exp = Math.min(attempt, 40); // 2^40 overflows any cap; keeps the maths finite
  return Math.min(policy.capMs, policy.baseMs * 2 ** exp);
}

/**
 * Delay before the next try: uniform in [0, window) ("full jitter"), but never less than the server's
 * Retry-After. When the server names a time, a little jitter on top keeps every throttled kiosk from
 * returning in the same millisecond.
 */
export function retryDelayMs(
  attempt: number,
  retryAfterMs: number | null,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const jittered = Math.floor(random() * backoffWindowMs(attempt, policy));
  if (retryAfterMs === null) return jittered;
  return Math.max(retryAfterMs + Math.floor(random() * Math.min(policy.baseMs, retryAfterMs / 4 + 1)), jittered);
}

/**
 * Retry-After is either delta-seconds or an HTTP-date (RFC 9110 §10.2.3). Returns ms from `nowMs`,
 * or null when absent or unreadable (the caller falls back to plain backoff).
 */
export function parseRetryAfter(value: string | undefined | null, nowMs: number): number | null {
  if (value === undefined || value === null) return null;
  const text = value.trim();
  if (text === '') return null;
  if (/^\d+$/.test(text)) return Math.min(Number(text), 24 * 3600) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}

/** What the agent does after one HTTP exchange that did not give a usable answer. */
export type FailureAction =
  | { action: 'retry'; retryAfterMs: number | null; reason: string }
  /** the whole batch was refused as malformed: bisect it to find the poison record */
  | { action: 'split'; reason: string }
  /** the batch is too large for the server: halve it */
  | { action: 'halve'; reason: string }
  /** the device itself is refused (revoked, unknown): no retry loop will help until someone acts */
  | { action: 'stop'; reason: string };

/** Network-level failures (no HTTP answer at all) are always worth retrying. */
export function classifyNetworkError(code: string | undefined): FailureAction {
  return { action: 'retry', retryAfterMs: null, reason: `NETWORK_${code ?? 'ERROR'}` };
}

export function classifyHttpStatus(status: number, retryAfterMs: number | null, reasonCode?: string): FailureAction {
  const reason = reasonCode ? `HTTP_${status}_${reasonCode}` : `HTTP_${status}`;
  if (status === 408 || status === 429 || status >= 500) return { action: 'retry', retryAfterMs, reason };
  if (status === 413) return { action: 'halve', reason };
  if (status === 400 || status === 422) return { action: 'split', reason };
  // 401 is clock skew or replay (retry after the caller corrected its clock) unless the device is gone.
  if (status === 401 || status === 403) {
    if (reasonCode && /REVOKED|UNKNOWN_DEVICE/i.test(reasonCode)) return { action: 'stop', reason };
    return { action: 'retry', retryAfterMs, reason };
  }
  // Anything else (404 from a wrong URL, 409 ...) is unexpected; keep the data and keep trying slowly.
  return { action: 'retry', retryAfterMs, reason };
}
