// The exported log must not carry personal data even when a caller slips: NIK-like digit runs, NIK
// hashes and fields named like personal data are removed before an event is kept.
import { describe, expect, it } from 'vitest';
import { createEventLog, scrub } from '../../electron/kiosk/event-log';

describe('event log scrubbing', () => {
  it.each([
    [{ code: 'NIK_LENGTH', nik: '3271011508850001' }, { code: 'NIK_LENGTH', nik: '[redacted]' }],
    [{ message: 'lookup for 3271011508850001 failed' }, { message: 'lookup for [digits] failed' }],
    [{ target: 'a'.repeat(64) }, { target: '[hex]' }],
    [{ displayName: 'Budi', name: 'Budi', pin: '1234', token: 'abc', selfie: 'x' }, { displayName: '[redacted]', name: '[redacted]', pin: '[redacted]', token: '[redacted]', selfie: '[redacted]' }],
    [{ visitId: '0193a1c0-0000-7000-8000-000000000001', ms: 85.2, ok: true }, { visitId: '0193a1c0-0000-7000-8000-000000000001', ms: 85.2, ok: true }],
    [{ message: 'visit 0193a1c0-0000-7000-8000-000000000001 for 3271011508850001' }, { message: 'visit 0193a1c0-0000-7000-8000-000000000001 for [digits]' }],
    [{ nested: { deep: { nikHash: 'f'.repeat(64) } } }, { nested: { deep: { nikHash: '[redacted]' } } }],
  ])('%o → %o', (input, out) => {
    expect(scrub(input)).toEqual(out);
  });

  it('keeps a bounded ring of scrubbed events with time and level', () => {
    const log = createEventLog({ now: () => new Date('2026-11-29T03:00:00Z'), capacity: 3 });
    log.info('scan.refused', { nik: '3271011508850001' });
    log.warn('sync.offline');
    log.error('api.failed', { error: new Error('failed for 3271011508850001') });
    log.info('gate.decision');
    const entries = log.entries();
    expect(entries.map((e) => e.event)).toEqual(['sync.offline', 'api.failed', 'gate.decision']);
    expect(entries[1]).toMatchObject({ level: 'error', at: '2026-11-29T03:00:00.000Z', error: { name: 'Error', message: 'failed for [digits]' } });
    expect(JSON.stringify(entries)).not.toContain('3271011508850001');
  });
});
