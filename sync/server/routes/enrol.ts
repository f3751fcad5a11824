// POST /v1/enrol: a kiosk trades a one-time code for its device id, venue, gate and the city's keys.
import { randomUUID } from 'node:crypto';
import { API_ROUTES } from '../../protocol/api/routes';
import { enrolmentCodeHash } from '../admin';
import { ApiError } from '../http/errors';
import { RateLimiter } from '../http/rate-limit';
import { eventLogger } from '../log';
import { SYSTEM_ACTOR, recordAudit } from '../console/audit';
import type { DeviceRouteDeps } from './deps';
import type { Handlers } from './register';

export function enrolRoutes({ store, keys, clock, config, policies }: DeviceRouteDeps): Pick<Handlers, 'enrol'> {
  const enrolLimiter = new RateLimiter(clock, config.enrolRatePerMinute / 60, Math.max(1, Math.ceil(config.enrolRatePerMinute / 3)));
  return {
    enrol: {
      // Only failed attempts spend tokens: guessing codes is slowed down, a mass roll-out is not. The token
      // is reserved before the body is checked and the code looked up (charged after the awaited lookup,
      // every request in flight passed the check: issue 10 item 2) and given back when the code was right
      // or the body was no guess at all.
      guard(req) {
        const wait = enrolLimiter.take(req.ip);
        if (wait > 0) throw new ApiError(429, 'rate_limited', undefined, { 'retry-after': String(wait) });
      },
      refundOnInvalid: (req) => enrolLimiter.refund(req.ip),
      async handle({ req, body }) {
        let r: Awaited<ReturnType<typeof store.consumeEnrolmentCode>>;
        try {
          r = await store.consumeEnrolmentCode(enrolmentCodeHash(body.code), clock.now().getTime(), { id: randomUUID(), publicKey: body.publicKey, name: body.deviceName ?? null });
        } catch (err) {
          enrolLimiter.refund(req.ip); // a store failure is no guess at a code
          throw err;
        }
        const now = clock.now().getTime();
        if (r.ok) enrolLimiter.refund(req.ip);
        if (!r.ok) throw new ApiError(r.reason === 'enrol_code_unknown' ? 404 : r.reason === 'device_key_in_use' ? 409 : 410, r.reason);
        const venue = (await store.getVenue(r.device.venueId))!;
        const gate = (await store.getGate(r.device.gateId))!;
        eventLogger(req.log).info('server.device_enrolled', { device: r.device.id, venue: venue.id, gate: gate.id });
        await recordAudit({ store, clock }, SYSTEM_ACTOR, 'device.enrol', `device:${r.device.id}`, { venueId: venue.id, gateId: gate.id, name: r.device.name }, { address: req.ip ?? null });
        return {
          deviceId: r.device.id,
          venue: { id: venue.id, name: venue.name, address: venue.address, capacity: venue.capacity, region: venue.region, dwellMinutes: venue.dwellMinutes },
          gate,
          config: {
            riskListId: config.riskListId, heartbeatSeconds: config.heartbeatSeconds,
            // the kiosk sizes its uploads by these; the table's limits are what the server enforces
            maxVisitBatch: API_ROUTES.visits.batch.max, maxAlertBatch: API_ROUTES.alerts.batch.max,
            serverRetentionDays: config.retentionDays, signatureSkewSeconds: config.signatureSkewSeconds,
          },
          cityKeys: keys.publicKeys(),
          nikHashKey: keys.nikHashKey,
          serverTime: new Date(now).toISOString(),
          venuePolicy: await policies.current(venue.id),
        };
      },
    },
  };
}
