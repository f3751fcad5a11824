// The venue policy the kiosk enforces: the server's object read defensively (bad or unknown keys never
// break a kiosk), local overrides last.
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, resolvePolicy } from '../../electron/kiosk/policy';

describe('kiosk policy', () => {
  it('defaults to a face check with a blink and liveness, REFER on a stale list', () => {
    expect(resolvePolicy(undefined)).toEqual(DEFAULT_POLICY);
    expect(DEFAULT_POLICY).toMatchObject({ challenge: 'blink', requireFace: true, requireLiveness: true, staleListAction: 'REFER', staleListHardHours: 72 });
  });

  it.each([
    [{ challenge: 'turn', faceTimeoutSeconds: 30 }, { challenge: 'turn', faceTimeoutSeconds: 30 }],
    [{ requireFace: false, closeContactAction: 'REFER' }, { requireFace: false, closeContactAction: 'REFER' }],
    [{ sync: { heartbeatSeconds: 60 }, gateDirection: 'ENTRY' }, {}],
  ])('takes the server keys it knows: %o', (server, expected) => {
    expect(resolvePolicy(server)).toEqual({ ...DEFAULT_POLICY, ...expected });
  });

  it('ignores a server policy with a bad value rather than half-applying it', () => {
    expect(resolvePolicy({ challenge: 'dance', faceTimeoutSeconds: 30 })).toEqual(DEFAULT_POLICY);
    expect(resolvePolicy({ faceTimeoutSeconds: 1 })).toEqual(DEFAULT_POLICY);
  });

  it('applies local overrides last', () => {
    expect(resolvePolicy({ challenge: 'turn' }, { challenge: 'none' }).challenge).toBe('none');
  });
});
