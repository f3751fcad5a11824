import { describe, expect, it } from 'vitest';
import { traceSummary } from '../../sync/server/trace-summary';
import type { TraceResult } from '../../sync/protocol/api/trace';

const h = (c: string) => c.repeat(64);
const visit = (id: string, venueId: string, venueName: string, from: string, to: string, checkedOut = true) => ({
  visitId: id, venueId, venueName, gateId: `${venueId}-pintu-utama`, from, to, checkedOut, outcome: 'ADMIT',
});

describe('trace summary for a person at a terminal', () => {
  it('counts visits, venues, contacts and people, groups contacts by venue, largest overlap first, all in WIB', () => {
    const t: TraceResult = {
      nikHash: h('a'), window: { from: '2026-11-25T03:00:00.000Z', to: '2026-12-09T03:00:00.000Z' }, marginMinutes: 15, dwellMinutes: 60,
      visits: [
        visit('00000000-0000-4000-8000-000000000001', 'botani-square', 'Botani Square', '2026-12-08T03:00:00.000Z', '2026-12-08T05:30:00.000Z'),
        visit('00000000-0000-4000-8000-000000000002', 'pasar-bogor', 'Pasar Bogor', '2026-12-08T16:30:00.000Z', '2026-12-08T17:30:00.000Z', false),
      ],
      contacts: [
        { ...visit('00000000-0000-4000-8000-000000000003', 'botani-square', 'Botani Square', '2026-12-08T04:00:00.000Z', '2026-12-08T04:20:00.000Z'), nikHash: h('b'), overlapsVisitId: '00000000-0000-4000-8000-000000000001', overlapMinutes: 20 },
        { ...visit('00000000-0000-4000-8000-000000000004', 'botani-square', 'Botani Square', '2026-12-08T03:30:00.000Z', '2026-12-08T05:00:00.000Z'), nikHash: h('c'), overlapsVisitId: '00000000-0000-4000-8000-000000000001', overlapMinutes: 90 },
        { ...visit('00000000-0000-4000-8000-000000000005', 'botani-square', 'Botani Square', '2026-12-08T05:00:00.000Z', '2026-12-08T06:00:00.000Z'), nikHash: h('b'), overlapsVisitId: '00000000-0000-4000-8000-000000000001', overlapMinutes: 30 },
      ],
    };
    const s = traceSummary(t);
    expect(s).toContain('Contact trace of person aaaaaaaaaaaa…, 25 Nov 2026 10.00 – 9 Des 2026 10.00 WIB');
    expect(s).toContain('2 visits at 2 venues; 3 contacts (2 people)');
    expect(s).toContain('8 Des 2026 10.00–12.30 WIB  Botani Square / botani-square-pintu-utama\n');
    // Across midnight WIB, and no check-out: said so.
    expect(s).toContain('8 Des 2026 23.30 – 9 Des 2026 00.30 WIB  Pasar Bogor / pasar-bogor-pintu-utama  (no check-out: stay assumed)');
    expect(s).toContain('Botani Square: 3 contacts, 2 people');
    const lines = s.split('\n');
    const first = lines.findIndex((l) => l.includes('overlap 90 min'));
    expect(first).toBeGreaterThan(0);
    expect(lines[first + 1]).toContain('overlap 30 min');
    expect(s).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });

  it('says plainly when there is nobody to contact', () => {
    const s = traceSummary({ nikHash: h('d'), window: { from: '2026-11-25T03:00:00.000Z', to: '2026-12-09T03:00:00.000Z' }, marginMinutes: 15, dwellMinutes: 60, visits: [], contacts: [] });
    expect(s).toContain('0 visits at 0 venues; 0 contacts (0 people)');
    expect(s).toContain('No visits in this window');
  });
});
