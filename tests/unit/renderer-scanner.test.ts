import { describe, expect, it } from 'vitest';
import { classifyBurst, emptyScannerState, feedKey, type KeyStroke, type ScannerState } from '../../renderer/src/lib/scanner-detector';

/** Types `text` then Enter with the given gaps (ms) and returns what the detector emitted. */
function type(text: string, gapMs: number | ((i: number) => number), start = 1000, state: ScannerState = emptyScannerState): { scans: string[]; state: ScannerState; end: number } {
  const scans: string[] = [];
  let t = start;
  let s = state;
  for (const [i, key] of [...text.split(''), 'Enter'].entries()) {
    const step = feedKey(s, { key, at: t });
    s = step.state;
    if (step.scanned !== null) scans.push(step.scanned);
    t += typeof gapMs === 'number' ? gapMs : gapMs(i);
  }
  return { scans, state: s, end: t };
}

describe('USB scanner vs. a person typing', () => {
  it('a scanner burst (8 ms between keys) ending in Enter is a scan of exactly the typed text', () => {
    expect(type('3271014501900001', 8).scans).toEqual(['3271014501900001']);
  });

  it('a long QR token typed by a scanner arrives whole, punctuation included', () => {
    const token = 'JJK1.eyJuIjoiMzI3MTAxNDUwMTkwMDAwMSJ9.c2lnbmF0dXJl-_';
    expect(type(token, 4).scans).toEqual([token]);
  });

  it('a person typing a NIK (~180 ms between keys) is not a scan', () => {
    expect(type('3271014501900001', 180).scans).toEqual([]);
  });

  it('one slow gap (a USB hiccup) is tolerated, two are not', () => {
    expect(type('3271014501900001', (i) => (i === 5 ? 120 : 10)).scans).toEqual(['3271014501900001']);
    expect(type('3271014501900001', (i) => (i === 5 || i === 9 ? 120 : 10)).scans).toEqual([]);
  });

  it('a short burst or a lone Enter is not a scan', () => {
    expect(type('12', 5).scans).toEqual([]);
    expect(feedKey(emptyScannerState, { key: 'Enter', at: 5 }).scanned).toBeNull();
  });

  it('keys a person typed before a scan are dropped by the pause before the scanner starts', () => {
    const person = type('99', 200);
    // the person did not press Enter: emulate by feeding their keys without Enter
    let s = emptyScannerState;
    for (const [i, key] of ['9', '9'].entries()) s = feedKey(s, { key, at: 100 + i * 200 }).state;
    const scan = type('3271014501900001', 6, 2000, s);
    expect(person.scans).toEqual([]);
    expect(scan.scans).toEqual(['3271014501900001']);
  });

  it('modifier keys (Shift for capitals) do not break a burst', () => {
    let s = emptyScannerState;
    const out: string[] = [];
    const keys: KeyStroke[] = ['Shift', 'A', 'b', 'Shift', 'C', '1', '2', '3', '4', '5', 'Enter'].map((key, i) => ({ key, at: i * 6 }));
    for (const k of keys) {
      const step = feedKey(s, k);
      s = step.state;
      if (step.scanned) out.push(step.scanned);
    }
    expect(out).toEqual(['AbC12345']);
  });

  it('classifyBurst uses the gap to the Enter too', () => {
    const keys: KeyStroke[] = Array.from({ length: 10 }, (_, i) => ({ key: '1', at: i * 5 }));
    expect(classifyBurst(keys, 50)).toBe('scanner');
    expect(classifyBurst(keys, 45 + 400)).toBe('scanner'); // one slow gap tolerated
    expect(classifyBurst(keys.map((k, i) => ({ ...k, at: i * 300 })), 3000)).toBe('human');
  });
});

describe('long codes from a scanner on a busy tablet', () => {
  it('a 250-character QR token with a few hiccups (≤ 10 % slow gaps) is still a scan; a person is not', () => {
    const token = 'JJK1.' + 'x'.repeat(245);
    const hiccups = new Set([20, 60, 61, 120, 180, 200, 230]);
    expect(type(token, (i) => (hiccups.has(i) ? 140 : 6)).scans).toEqual([token]);
    // a fast typist: 90 ms between keys
    expect(type('3271014501900001', 90).scans).toEqual([]);
    // half the gaps slow: not a scanner
    expect(type(token, (i) => (i % 2 === 0 ? 120 : 6)).scans).toEqual([]);
  });
});
