// Access control by venue (issue 10 item 6): an enrolled device checked out any venue's visit, so a
// kiosk at one mall could empty another's occupancy and end visits that contact tracing relies on.
// A device closes only its own venue's visits; another venue's visit is refused per item (`foreign`),
// left unchanged, and the sync agent drops that check-out as `venue_mismatch` instead of retrying it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { postgresUrl } from '../helpers/postgres';
import { DeviceClient, enrolDevice } from '../../sync/server/device-client';
import type { DeviceIdentity } from '../../sync/server/device-client';
import { startTestCityServer } from '../../sync/server/testing';
import type { Backend, TestCityServer } from '../../sync/server/testing';
import { nikHash } from '../../sync/protocol/crypto';
import { signRequest } from '../../sync/protocol/http-signature';
import type { CheckoutBatchResponse, VisitBatchResponse } from '../../sync/protocol/api/visits';
import { HttpClient } from '../../sync/agent/http-client';
import { checkoutUploader } from '../../sync/agent/uploaders';

const pg = postgresUrl();
const backends: Backend[] = pg ? ['sqlite', 'postgres'] : ['sqlite'];

describe.each(backends)('a device checks out only its own venue’s visits on %s', (backend) => {
  let s: TestCityServer;
  let home: DeviceClient;
  let other: DeviceClient;
  let otherId: DeviceIdentity;
  let otherVenueId: string;
  let hashKey: string;
  beforeAll(async () => {
    s = await startTestCityServer(backend, { pgUrl: pg ?? undefined, config: { rateLimitPerSecond: 10_000, rateLimitBurst: 10_000 } });
    const dev = await enrolDevice(s.url, await s.newEnrolmentCode());
    hashKey = dev.enrolment.nikHashKey;
    home = new DeviceClient(s.url, dev);
    const venue = await s.admin.createVenue({ name: 'Pasar Bogor', address: 'Jl. Suryakencana, Bogor', capacity: 300, region: '3271', dwellMinutes: 60 });
    otherVenueId = venue.id;
    const gate = await s.admin.createGate({ venueId: venue.id, name: 'Pintu Barat' });
    otherId = await enrolDevice(s.url, (await s.admin.createEnrolmentCode(gate.id)).code, 'pasar-kiosk');
    other = new DeviceClient(s.url, otherId);
  });
  afterAll(async () => {
    await s?.destroy();
  });

  const visit = () => ({
    id: uuidv7(), venueId: s.venueId, gateId: s.gateId, occurredAt: new Date().toISOString(), deviceTime: new Date().toISOString(),
    clockOffsetMs: 0, clockSuspect: false, identity: 'NIK', nikHash: nikHash(hashKey, '3271014501900001'), outcome: 'ADMIT', reason: 'OK',
    override: null, faceDistance: 0.3, livenessScore: 0.9, riskListVersion: 1, checkedOutAt: null,
  });
  const present = async (venueId: string) => (await s.store.venueActivity([venueId], 0, Date.now())).find((a) => a.venueId === venueId)?.present ?? 0;

  it('refuses another venue’s visit per item and leaves it open; the home device still closes it', async () => {
    const v1 = visit();
    const v2 = visit();
    const up = await home.request<VisitBatchResponse>('POST', '/v1/visits', { visits: [v1, v2] });
    expect(up.body.results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
    expect(await present(s.venueId)).toBe(2);

    const missing = uuidv7();
    const at = new Date().toISOString();
    const foreign = await other.request<CheckoutBatchResponse>('POST', '/v1/visits/checkouts', { checkouts: [{ visitId: v1.id, checkedOutAt: at }, { visitId: missing, checkedOutAt: at }] });
    expect(foreign.status).toBe(200);
    expect(foreign.body).toEqual({ applied: 0, foreign: [v1.id], unknown: [missing] });
    expect(await present(s.venueId)).toBe(2);
    expect(await present(otherVenueId)).toBe(0);

    const own = await home.request<CheckoutBatchResponse>('POST', '/v1/visits/checkouts', { checkouts: [{ visitId: v1.id, checkedOutAt: at }] });
    expect(own.body).toEqual({ applied: 1, foreign: [], unknown: [] });
    expect(await present(s.venueId)).toBe(1);
  });

  it('the sync agent drops a foreign check-out as venue_mismatch (not retried, not accepted)', async () => {
    const v = visit();
    await home.request('POST', '/v1/visits', { visits: [v] });
    const client = new HttpClient({
      baseUrl: s.url,
      keepAlive: false,
      signer: ({ method, url, headers, body }) => signRequest({ method, url, body: body ?? '', keyId: otherId.deviceId, privateKey: otherId.privateKey, created: Math.floor(Date.now() / 1000), headers }),
    });
    const out = await checkoutUploader(client)([{ id: v.id, checkedOutAt: new Date().toISOString(), attempts: 0, enqueuedAt: new Date().toISOString() }]);
    expect(out).toEqual({ kind: 'results', results: [{ id: v.id, status: 'rejected', reason: 'venue_mismatch' }] });
    expect(await present(s.venueId)).toBe(2);
  });
});
