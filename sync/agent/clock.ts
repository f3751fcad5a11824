// Clock offset of the kiosk against the city server. Kiosk tablets drift, lose their RTC battery or get
// set by hand; the visit time the server and a contact tracer rely on must be correctable. We measure
// offset = serverTime − deviceTime from every response's Date header (1 s resolution) and, more
// precisely, from the server's time in a 401 skew answer.

/** Above this the clock is "off" (the store flags visits at the same 1 minute: CLOCK_OFF_THRESHOLD_MS). */
export const CLOCK_SUSPECT_MS = 60_000;

export interface ClockSample {
  offsetMs: number;
  /** round-trip time of the exchange it came from: the error bound is rtt/2 + the header's resolution */
  rttMs: number;
  atMs: number;
}

/**
 * One sample from an HTTP exchange. The Date header is truncated to whole seconds, so the true server
 * time lies in [date, date+1000): we take the middle, and the request's midpoint as the device time.
 */
export function offsetFromDateHeader(dateHeader: string | undefined | null, sentAtMs: number, receivedAtMs: number): ClockSample | null {
  if (!dateHeader) return null;
  const serverMs = Date.parse(dateHeader);
  if (Number.isNaN(serverMs)) return null;
  const rtt = Math.max(0, receivedAtMs - sentAtMs);
  const deviceMid = sentAtMs + rtt / 2;
  return { offsetMs: Math.round(serverMs + 500 - deviceMid), rttMs: rtt, atMs: receivedAtMs };
}

/** A precise server time (ms since epoch, e.g. from a 401 clock-skew answer). */
export function offsetFromServerTime(serverMs: number, sentAtMs: number, receivedAtMs: number): ClockSample {
  const rtt = Math.max(0, receivedAtMs - sentAtMs);
  return { offsetMs: Math.round(serverMs - (sentAtMs + rtt / 2)), rttMs: rtt, atMs: receivedAtMs };
}

/**
 * Keeps the current offset estimate. A Date-header sample has ±(500 ms + rtt/2) uncertainty, so we only
 * move the estimate when a sample disagrees by more than that — otherwise the offset would jitter by
 * a second on every request and every visit would carry noise.
 */
export class ClockOffsetTracker {
  private current: number | null;

  constructor(initialOffsetMs: number | null = null) {
    this.current = initialOffsetMs;
  }

  get offsetMs(): number | null {
    return this.current;
  }

  /** Returns true when the estimate changed (so the caller persists it). */
  observe(sample: ClockSample | null, precise = false): boolean {
    if (!sample) return false;
    const tolerance = precise ? sample.rttMs / 2 + 50 : sample.rttMs / 2 + 1000;
    if (this.current !== null && Math.abs(sample.offsetMs - this.current) <= tolerance) return false;
    this.current = sample.offsetMs;
    return true;
  }
}
