import { describe, expect, it } from 'vitest';
import { answered, initialPacer, intervalFor, mayGrab, sent } from '../../renderer/src/lib/frame-pacer';
import { formatAgo, formatBytes, secondsUntil } from '../../renderer/src/lib/format';
import { appendDigit, deleteDigit, digitsLeft, groupNik } from '../../renderer/src/lib/nik-input';
import { acceptScan, forget, initialDebounce, stillInView } from '../../renderer/src/lib/scan-debounce';
import { validateSetup } from '../../renderer/src/lib/setup-validate';

describe('NIK keypad text', () => {
  it('takes digits only, at most 16, and groups them in fours', () => {
    let v = '';
    for (const d of '32710145019000019'.split('')) v = appendDigit(v, d);
    expect(v).toBe('3271014501900001');
    expect(appendDigit('12', 'a')).toBe('12');
    expect(groupNik(v)).toBe('3271 0145 0190 0001');
    expect(groupNik('32710')).toBe('3271 0');
    expect(deleteDigit(v)).toBe('327101450190000');
    expect(digitsLeft('3271')).toBe(12);
  });
});

describe('frame pacing', () => {
  it('never has two frames in flight and keeps the interval', () => {
    const interval = intervalFor(6);
    expect(interval).toBe(167);
    let p = initialPacer;
    expect(mayGrab(p, 0, interval)).toBe(true);
    p = sent(p, 0);
    expect(mayGrab(p, 1000, interval)).toBe(false); // still in flight, however late
    p = answered(p);
    expect(mayGrab(p, 100, interval)).toBe(false); // answered quickly: wait for the interval
    expect(mayGrab(p, 167, interval)).toBe(true);
  });

  it('a slow engine lowers the rate instead of queueing frames', () => {
    let p = initialPacer;
    let sentCount = 0;
    // engine answers 400 ms after each frame; simulate 2 s in 10 ms ticks
    let answerAt = Number.POSITIVE_INFINITY;
    for (let t = 0; t < 2000; t += 10) {
      if (t >= answerAt) {
        p = answered(p);
        answerAt = Number.POSITIVE_INFINITY;
      }
      if (mayGrab(p, t, 167)) {
        p = sent(p, t);
        sentCount++;
        answerAt = t + 400;
      }
    }
    expect(sentCount).toBe(5); // 0, 400, 800, 1200, 1600
  });
});

describe('same QR seen again', () => {
  const GONE = 1500;
  it('a code held in view stays ignored however long it stays; another code is taken at once', () => {
    let r = acceptScan(initialDebounce, 'A', 0, GONE);
    expect(r.accept).toBe(true);
    // decoded again every ~120 ms for a minute: never taken again while it is there
    for (let t = 120; t < 60_000; t += 120) {
      r = acceptScan(r.state, 'A', t, GONE);
      expect(r.accept).toBe(false);
    }
    expect(acceptScan(r.state, 'B', 60_000, GONE).accept).toBe(true);
  });

  it('is taken again once it has been out of sight for the gone time (lowered and shown again)', () => {
    let r = acceptScan(initialDebounce, 'A', 0, GONE);
    r = acceptScan(r.state, 'A', 1000, GONE);
    expect(r.accept).toBe(false);
    expect(acceptScan(r.state, 'A', 1000 + GONE - 1, GONE).accept).toBe(false);
    expect(acceptScan(r.state, 'A', 1000 + GONE, GONE).accept).toBe(true);
  });

  it('back at the gate after the face check and the result, the handled code counts as still in view', () => {
    let r = acceptScan(initialDebounce, 'A', 0, GONE);
    // 25 s of face check and result without decoding, then the gate screen again
    const back = stillInView(r.state, 25_000);
    r = acceptScan(back, 'A', 25_200, GONE);
    expect(r.accept).toBe(false);
    // still held: still ignored 10 s later
    for (let t = 25_320; t < 35_000; t += 120) r = acceptScan(r.state, 'A', t, GONE);
    expect(r.accept).toBe(false);
    // lowered for 2 s and shown again: a new check
    expect(acceptScan(r.state, 'A', 37_000, GONE).accept).toBe(true);
    expect(acceptScan(forget(), 'A', 25_200, GONE).accept).toBe(true);
  });
});

describe('display formats', () => {
  it('bytes, ages and countdowns', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(50 * 1024 * 1024)).toBe('50 MB');
    expect(formatBytes(null)).toBe('—');
    const now = Date.parse('2026-11-29T12:00:00Z');
    expect(formatAgo('2026-11-29T11:57:00Z', now, 'id')).toBe('3 menit lalu');
    expect(formatAgo('2026-11-29T11:57:00Z', now, 'en')).toBe('3 min ago');
    expect(formatAgo(null, now, 'en')).toBeNull();
    expect(secondsUntil('2026-11-29T12:00:04.2Z', now)).toBe(5);
    expect(secondsUntil('2026-11-29T11:00:00Z', now)).toBe(0);
  });
});

describe('setup form checks', () => {
  it('names each problem once, by field', () => {
    expect(validateSetup({ serverUrl: 'https://jejak.example', code: 'ABCD-1234', pin: '1234', pinRepeat: '1234', staffPin: '' })).toEqual([]);
    const p = validateSetup({ serverUrl: 'ftp://x', code: 'ab', pin: '12a', pinRepeat: '', staffPin: '' });
    expect(p.map((x) => x.field)).toEqual(['serverUrl', 'code', 'pin']);
    expect(validateSetup({ serverUrl: 'http://127.0.0.1:8080', code: 'ABCD', pin: '123456', pinRepeat: '123465', staffPin: '' })).toEqual([{ field: 'pinRepeat', key: 'pinMismatch' }]);
    expect(validateSetup({ serverUrl: 'not a url', code: 'ABCD', pin: '1234', pinRepeat: '1234', staffPin: '' })[0]?.key).toBe('urlRule');
    const ok = { serverUrl: 'http://127.0.0.1:8080', code: 'ABCD', pin: '1234', pinRepeat: '1234' };
    expect(validateSetup({ ...ok, staffPin: '12' })).toEqual([{ field: 'staffPin', key: 'pinRule' }]);
    expect(validateSetup({ ...ok, staffPin: '1234' })).toEqual([{ field: 'staffPin', key: 'staffPinSame' }]);
    expect(validateSetup({ ...ok, staffPin: '5678' })).toEqual([]);
  });
});
