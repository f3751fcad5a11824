// The console shows a kiosk's health in the reader's language: every problem line the server's fleet
// check writes (sync/server/admin.ts, shared with the CLI in English) has its Bahasa Indonesia words in
// the console (web/src/fleet-i18n.ts), so a changed server line cannot fall back to English unnoticed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../sync/protocol/clock';
import { DeviceClient, enrolDevice } from '../../sync/server/device-client';
import { startTestCityServer } from '../../sync/server/testing';
import type { TestCityServer } from '../../sync/server/testing';
import { KIOSK_STATUS, kioskHealthText, problemWords } from '../../sync/server/console/web/src/fleet-i18n';

describe('kiosk health words of the console', () => {
  let s: TestCityServer;
  const clock = new ManualClock(Date.UTC(2026, 11, 4, 3, 0, 0));
  beforeAll(async () => {
    s = await startTestCityServer('sqlite', { clock });
  });
  afterAll(async () => s?.destroy());

  it('translates every problem line and status the fleet check gives', async () => {
    const heartbeat = (over: Record<string, unknown>) => ({
      appVersion: '0.1.0', queueDepth: 0, deadLetterCount: 0, riskListVersion: null, riskListAgeSeconds: 60, lastSyncAt: clock.now().toISOString(), clockOffsetMs: 0,
      deviceTime: clock.now().toISOString(), policyVersion: 0, ...over,
    });
    const a = new DeviceClient(s.url, await enrolDevice(s.url, await s.newEnrolmentCode()), () => clock.now().getTime());
    const b = new DeviceClient(s.url, await enrolDevice(s.url, await s.newEnrolmentCode()), () => clock.now().getTime());
    expect((await a.request('POST', '/v1/heartbeat', heartbeat({ riskListAgeSeconds: null, clockOffsetMs: 600_000, deadLetterCount: 3 }))).status).toBe(200);
    expect((await b.request('POST', '/v1/heartbeat', heartbeat({ riskListAgeSeconds: 10 * 86_400 }))).status).toBe(200);
    clock.advance(2 * 3600_000);
    const fleet = await s.admin.fleet();
    const lines = fleet.flatMap((d) => d.problems);
    // what this test makes the server say: silent, no list, old list, clock, dead letters
    expect(lines.length).toBeGreaterThanOrEqual(6);
    for (const line of [...lines, 'risk list version 3 < 5']) {
      const w = problemWords(line);
      expect(w.en, line).toBe(line);
      expect(w.id, line).not.toBe(line);
    }
    for (const d of fleet) expect(kioskHealthText(d.status, d.problems, (x) => x.id)).toMatch(/^tidak ada kabar \(tidak ada kabar selama 120 menit; /);
    expect(Object.keys(KIOSK_STATUS).sort()).toEqual(['never_seen', 'ok', 'revoked', 'silent', 'stale']);
  });
});
