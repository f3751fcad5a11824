// The kiosk applies a city policy only when schema, pinned key, signature, venue and version all hold:
// a bad one raises a bilingual staff alert and the last good policy stays in force (real kiosk store).
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalJson, generateEd25519KeyPair, signEd25519 } from '../../sync/protocol/crypto';
import { DEFAULT_VENUE_POLICY, laxerThanCityAllows, signVenuePolicy } from '../../sync/protocol/venue-policy';
import type { SignedVenuePolicy, VenuePolicy } from '../../sync/protocol/venue-policy';
import { applyVenuePolicy } from '../../sync/agent/venue-policy';
import { resolvePolicy } from '../../electron/kiosk/policy';
import { effectiveCapacity } from '../../electron/kiosk/gate-decision';
import { demoDeviceConfig, openTestStore } from '../helpers/store';

const city = { keyId: 'city-2026-1', ...generateEd25519KeyPair() };
const VENUE = 'venue-botani';
const issue = (version: number, policy: Partial<VenuePolicy> = {}, venueId = VENUE, key = city): SignedVenuePolicy =>
  signVenuePolicy({ kind: 'jejak.venue-policy.v1', venueId, version, issuedAt: '2026-12-03T04:00:00.000Z', policy: { ...DEFAULT_VENUE_POLICY, ...policy } }, key);

let cleanups: Array<() => void> = [];
afterEach(() => {
  cleanups.forEach((c) => c());
  cleanups = [];
});
function kiosk() {
  const t = openTestStore({ config: demoDeviceConfig({ venueId: VENUE, cityPublicKeys: { [city.keyId]: city.publicKey } }) });
  cleanups.push(t.cleanup);
  return t.store;
}

describe('venue policy on the kiosk', () => {
  it('applies a good policy, in force at the next decision; the same one again changes nothing', () => {
    const store = kiosk();
    expect(applyVenuePolicy(store, store.getDeviceConfig()!, issue(1, { closeContactAction: 'DENY', staleListWarnHours: 12, staleListHardHours: 12, capacityPercent: 50 }))).toBe('applied');
    const p = resolvePolicy(store.getDeviceConfig()!.policy);
    expect(p).toMatchObject({ staleListWarnHours: 12, staleListHardHours: 12, capacityPercent: 50 });
    expect(effectiveCapacity(100, p.capacityPercent)).toBe(50);
    expect(applyVenuePolicy(store, store.getDeviceConfig()!, issue(1, { closeContactAction: 'DENY', staleListWarnHours: 12, staleListHardHours: 12, capacityPercent: 50 }))).toBe('unchanged');
  });

  const bad: Array<[string, (good: SignedVenuePolicy) => unknown, string]> = [
    ['a changed value under the same signature', (g) => ({ ...g, document: { ...g.document, policy: { ...g.document.policy, requireFace: false } } }), 'POLICY_BAD_SIGNATURE'],
    ['a key the kiosk does not pin', () => issue(2, {}, VENUE, { keyId: 'city-other', ...generateEd25519KeyPair() }), 'POLICY_UNKNOWN_KEY'],
    ['another venue', () => issue(2, {}, 'venue-other'), 'POLICY_WRONG_VENUE'],
    ['an older version', () => issue(1), 'POLICY_OLDER'],
    ['an unknown field, signed', (g) => {
      const document = { ...g.document, version: 3, policy: { ...g.document.policy, openAllNight: true } };
      return { document, keyId: city.keyId, signature: signEd25519(city.privateKey, `jejak venue policy v1\n${canonicalJson(document)}`) };
    }, 'POLICY_MALFORMED'],
    ['a value out of bounds, signed', (g) => {
      const document = { ...g.document, version: 3, policy: { ...g.document.policy, faceTimeoutSeconds: 0 } };
      return { document, keyId: city.keyId, signature: signEd25519(city.privateKey, `jejak venue policy v1\n${canonicalJson(document)}`) };
    }, 'POLICY_MALFORMED'],
    ['not a policy at all', () => ({ hello: 'world' }), 'POLICY_MALFORMED'],
  ];
  it.each(bad)('refuses %s: bilingual alert, the last good policy kept', (_name, make, reason) => {
    const store = kiosk();
    const good = issue(2, { staleListHardHours: 24 });
    applyVenuePolicy(store, store.getDeviceConfig()!, good);
    const before = store.getDeviceConfig()!.policy;
    expect(applyVenuePolicy(store, store.getDeviceConfig()!, make(good))).toBe('rejected');
    expect(store.getDeviceConfig()!.policy).toEqual(before);
    expect(resolvePolicy(store.getDeviceConfig()!.policy).staleListHardHours).toBe(24);
    const alert = store.listAlerts({ unresolvedOnly: true }).find((a) => a.code === 'POLICY_REJECTED');
    expect(alert?.message.id).toMatch(/aturan sebelumnya tetap berlaku/);
    expect(alert?.message.en).toMatch(/previous policy stays in force/);
    expect(JSON.stringify(alert)).toContain(reason);
    // the next good version clears it
    expect(applyVenuePolicy(store, store.getDeviceConfig()!, issue(4))).toBe('applied');
    expect(store.listAlerts({ unresolvedOnly: true }).some((a) => a.code === 'POLICY_REJECTED')).toBe(false);
  });

  it('names the fields a venue may not loosen', () => {
    expect(laxerThanCityAllows({ ...DEFAULT_VENUE_POLICY, capacityPercent: 30, staleListHardHours: 6 })).toEqual([]);
    expect(laxerThanCityAllows({ ...DEFAULT_VENUE_POLICY, requireLiveness: false, staleListHardHours: 100, challenge: 'none' }).sort()).toEqual(['challenge', 'requireLiveness', 'staleListHardHours']);
  });
});
