// A risk list has one age (sync/protocol/risk-list-age.ts): the gate rules, the screens, the heartbeat
// and the staff alert all count it from the latest time the city vouched for the list: its issue, or a
// signed head confirming it since. Before, each computed it its own way and they disagreed.
import { afterEach, describe, expect, it } from 'vitest';
import { ok, openTestKiosk, provisionOffline, type TestKiosk } from './kiosk-fixture';

const kiosks: TestKiosk[] = [];
afterEach(async () => {
  for (const k of kiosks.splice(0)) await k.cleanup();
});

const NIK = '3271011508850001';
const HOUR = 3_600_000;

describe('risk list age', () => {
  it('the gate, the screens, the heartbeat and the staff alert agree', async () => {
    const t = await openTestKiosk({ engine: 'none' });
    kiosks.push(t);
    provisionOffline(t, { policy: { requireFace: false, requireLiveness: false, staleListHardHours: 48 } });
    const { store, agent } = t.kiosk;
    store.upsertRegistrations([{ nikHash: store.hashNik(NIK), registrationId: 'reg-budi', displayName: 'sealed', templates: [] }]);
    // a list Dinkes issued 50 h ago reaches this kiosk now, and no signed head has confirmed it since
    store.applyRiskSnapshot({ listId: 'bogor', version: 7, issuedAt: new Date(t.clock.ms - 50 * HOUR).toISOString(), expiresAt: new Date(t.clock.ms + 7 * 86_400_000).toISOString(), count: 0, digest: 'd' }, []);

    const scan = await ok(t.service.api.submitScan({ text: NIK, source: 'keypad' }));
    const reason = scan.next === 'result' ? store.getVisit(scan.result.visitId!)?.reason : null;
    const screens = (await ok(t.service.api.getState({}))).sync.riskListAgeHours;
    // the heartbeat's figure is computed by the agent on its own thread and connection: one (offline) cycle
    await agent.syncNow();
    const heartbeat = agent.status().riskListAgeSeconds;
    store.purgeExpired();
    const alert = store.listAlerts({ unresolvedOnly: true }).find((a) => a.code === 'RISK_LIST_STALE');
    expect({ reason, screens, heartbeatHours: heartbeat === null ? null : Math.round(heartbeat / 360) / 10, alertHours: alert?.detail?.['ageHours'] })
      .toEqual({ reason: 'RISK_LIST_STALE', screens: 50, heartbeatHours: 50, alertHours: 50 });

    // a signed head confirms it current: all four count from then
    t.clock.advance(2 * HOUR);
    store.markRiskListConfirmed(t.clock.now().toISOString());
    t.clock.advance(HOUR);
    const again = await ok(t.service.api.submitScan({ text: NIK, source: 'keypad' }));
    expect(again).toMatchObject({ next: 'result', result: { outcome: 'ADMIT' } });
    expect((await ok(t.service.api.getState({}))).sync.riskListAgeHours).toBe(1);
    await agent.syncNow();
    expect(Math.round(agent.status().riskListAgeSeconds! / 60)).toBe(60);
    expect(store.purgeExpired().riskListStale).toBe(false);
  });
});
