import { describe, expect, it } from 'vitest';
import { formatWib, formatWibDate, formatWibSpan, parseWibInput, wibDayStart, wibIsoDate } from '../../sync/protocol/wib-time';

describe('times people read are WIB, written the Indonesian way', () => {
  it('the issue example: 16:59:59.999Z is 23.59 on the same day in Bogor', () => {
    expect(formatWib('2026-12-09T16:59:59.999Z')).toBe('9 Des 2026 23.59 WIB');
  });
  it('crosses midnight into the next WIB day, with Indonesian month names', () => {
    expect(formatWib(Date.parse('2026-05-31T17:05:00Z'))).toBe('1 Jun 2026 00.05 WIB');
    expect(formatWib(new Date('2026-08-16T20:00:00Z'))).toBe('17 Agu 2026 03.00 WIB');
    expect(formatWibDate('2026-12-31T18:00:00Z')).toBe('1 Jan 2027');
  });
  it('a span on one day shows the date once; across midnight both', () => {
    expect(formatWibSpan('2026-12-09T03:00:00Z', '2026-12-09T05:30:00Z')).toBe('9 Des 2026 10.00–12.30 WIB');
    expect(formatWibSpan('2026-12-09T15:00:00Z', '2026-12-09T18:00:00Z')).toBe('9 Des 2026 22.00 – 10 Des 2026 01.00 WIB');
  });
  it('refuses what is not a time instead of printing "Invalid Date"', () => {
    expect(() => formatWib('kemarin')).toThrow(RangeError);
  });
  it('the WIB calendar date in machine form turns at 17:00 UTC', () => {
    expect(wibIsoDate(Date.parse('2026-12-09T16:59:59Z'))).toBe('2026-12-09');
    expect(wibIsoDate(Date.parse('2026-12-09T17:00:00Z'))).toBe('2026-12-10');
  });
  it('the WIB day starts at 17:00 UTC the day before', () => {
    expect(new Date(wibDayStart(Date.parse('2026-12-09T16:59:59Z'))).toISOString()).toBe('2026-12-08T17:00:00.000Z');
    expect(new Date(wibDayStart(Date.parse('2026-12-09T17:00:00Z'))).toISOString()).toBe('2026-12-09T17:00:00.000Z');
  });
  it('typed times: a bare date or local time is WIB, an offset is honoured, nonsense is null', () => {
    expect(parseWibInput('2026-12-09')).toBe(Date.parse('2026-12-08T17:00:00Z'));
    expect(parseWibInput('2026-12-09 08:30')).toBe(Date.parse('2026-12-09T01:30:00Z'));
    expect(parseWibInput('2026-12-09T08:30:00+07:00')).toBe(Date.parse('2026-12-09T01:30:00Z'));
    expect(parseWibInput('2026-12-09T01:30:00Z')).toBe(Date.parse('2026-12-09T01:30:00Z'));
    expect(parseWibInput('2026-02-30')).toBeNull();
    expect(parseWibInput('9/12/2026')).toBeNull();
    expect(parseWibInput('2026-12-09T25:00')).toBeNull();
  });
});
