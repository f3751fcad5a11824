import { describe, expect, it } from 'vitest';
import { ClockOffsetTracker, offsetFromDateHeader, offsetFromServerTime } from '../../sync/agent/clock';

describe('clock offset', () => {
  it('measures a day-fast kiosk from the Date header to within a second', () => {
    const server = Date.parse('2026-03-01T10:00:00Z');
    const device = server + 86_400_000 + 250;
    const s = offsetFromDateHeader(new Date(server).toUTCString(), device - 40, device + 40)!;
    expect(Math.abs(s.offsetMs - -86_400_000)).toBeLessThan(1000);
    expect(s.rttMs).toBe(80);
  });

  it('ignores a missing or unreadable Date header', () => {
    expect(offsetFromDateHeader(undefined, 0, 1)).toBeNull();
    expect(offsetFromDateHeader('yesterday-ish', 0, 1)).toBeNull();
  });

  it('does not jitter on sub-second noise but follows a real jump', () => {
    const t = new ClockOffsetTracker();
    expect(t.observe({ offsetMs: 300, rttMs: 10, atMs: 0 })).toBe(true);
    expect(t.observe({ offsetMs: -400, rttMs: 10, atMs: 1 })).toBe(false);
    expect(t.offsetMs).toBe(300);
    expect(t.observe({ offsetMs: 86_400_000, rttMs: 10, atMs: 2 })).toBe(true);
    expect(t.offsetMs).toBe(86_400_000);
    expect(t.observe(offsetFromServerTime(1000, 2000, 2010), true)).toBe(true);
    expect(t.offsetMs).toBe(-1005);
  });
});
