import { describe, expect, it } from 'vitest';
import { backoffWindowMs, classifyHttpStatus, classifyNetworkError, parseRetryAfter, retryDelayMs } from '../../sync/agent/backoff';

describe('retry policy', () => {
  const policy = { baseMs: 500, capMs: 60_000 };

  it('grows exponentially and stops at the cap, for ever', () => {
    expect([0, 1, 2, 3].map((a) => backoffWindowMs(a, policy))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffWindowMs(20, policy)).toBe(60_000);
    expect(backoffWindowMs(10_000, policy)).toBe(60_000); // a kiosk offline for days still retries
  });

  it('uses full jitter: anywhere from 0 up to the window', () => {
    expect(retryDelayMs(3, null, policy, () => 0)).toBe(0);
    expect(retryDelayMs(3, null, policy, () => 0.999)).toBe(3996);
    const samples = Array.from({ length: 2000 }, () => retryDelayMs(6, null, policy));
    expect(Math.min(...samples)).toBeLessThan(3200);
    expect(Math.max(...samples)).toBeGreaterThan(28_800);
    expect(Math.max(...samples)).toBeLessThan(32_000);
  });

  it('never retries sooner than the server asked with Retry-After', () => {
    for (let i = 0; i < 200; i++) expect(retryDelayMs(0, 7000, policy)).toBeGreaterThanOrEqual(7000);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });

  it('retries 408, 429, 5xx and network errors; splits 400; halves 413; stops on a revoked device', () => {
    for (const s of [408, 429, 500, 502, 503, 504]) expect(classifyHttpStatus(s, null).action).toBe('retry');
    expect(classifyHttpStatus(429, 5000)).toMatchObject({ action: 'retry', retryAfterMs: 5000 });
    expect(classifyHttpStatus(400, null).action).toBe('split');
    expect(classifyHttpStatus(413, null).action).toBe('halve');
    expect(classifyHttpStatus(401, null, 'CLOCK_SKEW').action).toBe('retry');
    expect(classifyHttpStatus(401, null, 'DEVICE_REVOKED').action).toBe('stop');
    expect(classifyNetworkError('ECONNRESET')).toMatchObject({ action: 'retry', reason: 'NETWORK_ECONNRESET' });
  });
});
