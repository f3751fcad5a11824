// Store outbox rows → the server's wire Visit: the identity the gate recorded is what the server gets;
// only bodies frozen before the store kept it fall back to the derived value.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { Visit } from '../../sync/protocol/api/visits';
import { toWireVisit } from '../../sync/agent/wire';
import { openTestStore } from '../helpers/store';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

const person = (): string => randomBytes(32).toString('hex');

describe('toWireVisit', () => {
  it('sends the recorded identity: a registered visitor who typed their NIK is NIK, not QR', () => {
    const t = openTestStore();
    cleanups.push(t.cleanup);
    const base = { direction: 'entry', outcome: 'ADMIT', reason: 'CLEARED', faceDistance: 0.3, livenessScore: 0.9, riskListVersion: 2 } as const;
    t.store.recordVisit({ ...base, nikHash: person(), identity: 'NIK', registrationId: 'r_typed' });
    t.store.recordVisit({ ...base, nikHash: person(), identity: 'QR', registrationId: 'r_qr' });
    t.store.recordVisit({ ...base, outcome: 'REFER', reason: 'NO_IDENTITY', nikHash: null });
    const wire = t.store.nextOutboxBatch(10).map((o) => Visit.parse(toWireVisit(o.visit)));
    expect(wire.map((w) => w.identity)).toEqual(['NIK', 'QR', 'NONE']);
  });

  it('derives it, the same way on every retry, for a body frozen before the store kept it', () => {
    const t = openTestStore();
    cleanups.push(t.cleanup);
    t.store.recordVisit({ direction: 'entry', outcome: 'ADMIT', reason: 'CLEARED', nikHash: person(), registrationId: 'r_1' });
    const item = t.store.nextOutboxBatch(1)[0]!;
    const { identity: _dropped, ...legacy } = item.visit;
    expect(toWireVisit(legacy).identity).toBe('QR');
    expect(toWireVisit({ ...legacy, registrationId: null }).identity).toBe('NIK');
    expect(JSON.stringify(toWireVisit(legacy))).toBe(JSON.stringify(toWireVisit(legacy)));
  });
});
