// The Fastify application: /v1 routes from the shared route table, validated with the shared zod
// schemas at the edge, device signatures, rate limits, JSON errors with reason codes.
import { hash, randomUUID } from 'node:crypto';
import Fastify, { LogController } from 'fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { canonicalJson, nikHash, sha256Hex } from '../protocol/crypto';
import { parseNik } from '../protocol/nik';
import { sealName } from '../protocol/api/registration-name';
import { AlertBatch, AlertUpload, AlertsQuery } from '../protocol/api/alerts';
import type { AlertBatchResponse } from '../protocol/api/alerts';
import type { FaceTemplate, ItemResult } from '../protocol/api/common';
import { EnrolRequest } from '../protocol/api/enrol';
import type { EnrolResponse } from '../protocol/api/enrol';
import { Heartbeat } from '../protocol/api/heartbeat';
import type { HealthResponse } from '../protocol/api/health';
import { PendingRegistrationUpload, RegistrationLookupParams, RegistrationsQuery } from '../protocol/api/registrations';
import type { RegistrationItem, RegistrationsPage } from '../protocol/api/registrations';
import { RiskChunkParams, RiskUpdatesQuery } from '../protocol/api/risk';
import { API_ROUTES } from '../protocol/api/routes';
import type { RouteName } from '../protocol/api/routes';
import { TraceQuery } from '../protocol/api/trace';
import { CheckoutBatch, Visit, VisitBatch } from '../protocol/api/visits';
import { isCertainlyValidVisit } from '../protocol/api/visits-fast';
import type { Visit as VisitT, VisitBatchResponse } from '../protocol/api/visits';
import type { CityAdmin } from './admin';
import { AdminError, enrolmentCodeHash, traceToCsv } from './admin';
import type { Clock } from './clock';
import type { ServerConfig } from './config';
import { authenticateDevice, checkAdminToken } from './http/device-auth';
import { ApiError, parseOr400, sendError, zodDetails } from './http/errors';
import { RateLimiter } from './http/rate-limit';
import { preAuthHook, registerBodyParsers } from './http/pre-auth';
import type { CityKeys } from './keys';
import { openApiDocument } from './openapi';
import { ConsoleAccounts } from './console/accounts';
import { registerConsoleRoutes } from './console/routes';
import { registerConsolePages } from './console/static';
import { riskUpdates } from './risk/serve';
import { openJson, sealJson } from './sealing';
import type { RegistrationRow, ServerStore, VisitRow } from './store/types';

import { SERVER_VERSION } from './version';

export { SERVER_VERSION };

export interface AppDeps {
  store: ServerStore;
  keys: CityKeys;
  clock: Clock;
  config: ServerConfig;
  admin: CityAdmin;
  logger: Logger;
}

function registrationItem(r: RegistrationRow, dataKey: string): RegistrationItem {
  return { rid: r.rid, nikHash: r.nikHash, region: r.region, nameSealed: r.nameSealed, templates: openJson<FaceTemplate[]>(dataKey, r.templates), revoked: r.revoked, updatedAt: new Date(r.updatedAt).toISOString() };
}

/**
 * Same visit ⇔ same hash. The schema is strict (no unknown fields, every field present), so the values
 * in a fixed field order identify the body; cheaper than canonical JSON on the ingest hot path.
 */
export function visitBodyHash(v: VisitT): string {
  // node:crypto's one-shot hash: the same SHA-256 hex as sha256Hex, without a Hash object per visit.
  return hash('sha256', JSON.stringify([
    v.id, v.venueId, v.gateId, v.occurredAt, v.deviceTime, v.clockOffsetMs, v.clockSuspect, v.identity, v.nikHash, v.outcome, v.reason,
    v.override?.staffId ?? null, v.override?.reason ?? null, v.faceDistance, v.livenessScore, v.riskListVersion, v.checkedOutAt,
  ]), 'hex');
}

/** More items than a batch may hold is a 413 (the kiosk halves its batch), not a generic 400. */
function tooMany(body: unknown, field: string, max: number): void {
  const items = (body as Record<string, unknown> | null)?.[field];
  if (Array.isArray(items) && items.length > max) throw new ApiError(413, 'batch_too_large', [{ path: field, message: `at most ${max} items, got ${items.length}` }]);
}

function itemId(item: unknown, index: number): string {
  const id = (item as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id.length <= 64 ? id : `#${index}`;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { store, keys, clock, config, admin } = deps;
  const app = Fastify({
    loggerInstance: deps.logger,
    bodyLimit: 1024 * 1024,
    // Fastify's own request lines carry the full URL (the trace endpoint's query holds a NIK): off; see onResponse.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: () => randomUUID(),
    return503OnClosing: true,
  });
  const accounts = new ConsoleAccounts(store, clock, config, keys.dataKey);
  await accounts.ensureDefaults(keys.adminToken);
  const deviceLimiter = new RateLimiter(clock, config.rateLimitPerSecond, config.rateLimitBurst);
  const enrolLimiter = new RateLimiter(clock, config.enrolRatePerMinute / 60, Math.max(1, Math.ceil(config.enrolRatePerMinute / 3)));
  const gatesOfVenue = new Map<string, Set<string>>();
  const lastTouched = new Map<string, number>();
  const gateBelongs = async (venueId: string, gateId: string): Promise<boolean> => {
    let set = gatesOfVenue.get(venueId);
    if (!set || !set.has(gateId)) {
      set = new Set((await store.listGates(venueId)).map((g) => g.id));
      gatesOfVenue.set(venueId, set);
    }
    return set.has(gateId);
  };

  // Device routes are authenticated from their headers before the body is read; bodies are kept as
  // bytes, checked against the signed digest, depth-capped, then parsed (http/pre-auth.ts).
  app.addHook('onRequest', preAuthHook({ store, clock, skewSeconds: config.signatureSkewSeconds }));
  registerBodyParsers(app as unknown as FastifyInstance);

  app.setErrorHandler((err: unknown, req, reply) => {
    const now = clock.now();
    if (err instanceof ApiError) {
      if (err.headers) for (const [k, v] of Object.entries(err.headers)) void reply.header(k, v);
      if (err.status === 401) req.log.warn({ reason: err.code, route: req.routeOptions.url }, 'device request refused');
      return sendError(reply, err.status, err.code, now, err.details);
    }
    if (err instanceof AdminError) return sendError(reply, 400, 'nik_invalid', now, [{ path: 'nik', message: err.bilingual.en }]);
    const e = err as { code?: string; statusCode?: number; message?: string };
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendError(reply, 413, 'body_too_large', now);
    if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return sendError(reply, 415, 'unsupported_media_type', now);
    if (e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || e.code === 'FST_ERR_CTP_INVALID_JSON_BODY') return sendError(reply, 400, 'invalid_json', now);
    if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) return sendError(reply, e.statusCode, 'invalid_body', now, [{ path: '(request)', message: e.message ?? 'bad request' }]);
    req.log.error({ err, route: req.routeOptions.url }, 'request failed');
    // Almost always the database (restarting, busy): nothing was committed, the client retries.
    void reply.header('retry-after', '5');
    return sendError(reply, 503, 'unavailable', now);
  });
  app.setNotFoundHandler((_req, reply) => sendError(reply, 404, 'not_found', clock.now()));

  // Log the route pattern, never the URL: a query (trace) or a wrong path could hold a NIK.
  app.addHook('onResponse', async (req, reply) => {
    req.log.info({ method: req.method, route: req.routeOptions.url ?? '(no route)', status: reply.statusCode, ms: Math.round(reply.elapsedTime), device: req.device?.id }, 'request');
  });

  type Handler = (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
  const route = (name: RouteName, handler: Handler) => {
    const spec = API_ROUTES[name];
    app.route({
      method: spec.method,
      url: spec.path,
      ...('bodyLimit' in spec ? { bodyLimit: spec.bodyLimit } : {}),
      handler: async (req, reply) => {
        if (spec.auth === 'device') {
          req.device = await authenticateDevice(req, store, clock, config.signatureSkewSeconds);
          const wait = deviceLimiter.take(req.device.id);
          if (wait > 0) throw new ApiError(429, 'rate_limited', undefined, { 'retry-after': String(wait) });
          const now = clock.now();
          // last-seen is for the fleet list (minutes matter); one write per device per 30 s is plenty.
          if (now - (lastTouched.get(req.device.id) ?? 0) > 30_000) {
            lastTouched.set(req.device.id, now);
            void store.touchDevice(req.device.id, now).catch(() => undefined);
          }
        } else if (spec.auth === 'admin') {
          // The former single admin token, kept as the revocable key `legacy-admin` (console API keys are for new scripts).
          checkAdminToken(req, keys.adminToken);
          if (!(await accounts.legacyTokenValid(keys.adminToken))) throw new ApiError(401, 'admin_unauthorized');
        }
        void reply.header('cache-control', 'no-store');
        return handler(req, reply);
      },
    });
  };

  route('health', async () => {
    const ok = await store.ping();
    const latest = ok ? await store.latestRiskVersion(config.riskListId).catch(() => null) : null;
    const body: HealthResponse = { status: ok ? 'ok' : 'degraded', version: SERVER_VERSION, backend: store.backend, db: ok ? 'ok' : 'error', riskVersion: latest?.version ?? 0, serverTime: new Date(clock.now()).toISOString() };
    return body;
  });
  app.get('/v1/openapi.json', async () => openApiDocument());

  route('enrol', async (req, reply) => {
    // Only failed attempts spend tokens: guessing codes is slowed down, a mass roll-out is not. The token
    // is reserved before the awaited lookup (charged after it, every request in flight passed the check:
    // issue 10 item 2) and given back when the code was right.
    const wait = enrolLimiter.take(req.ip);
    if (wait > 0) throw new ApiError(429, 'rate_limited', undefined, { 'retry-after': String(wait) });
    let r: Awaited<ReturnType<typeof store.consumeEnrolmentCode>>;
    try {
      const body = parseOr400(EnrolRequest, req.body);
      r = await store.consumeEnrolmentCode(enrolmentCodeHash(body.code), clock.now(), { id: randomUUID(), publicKey: body.publicKey, name: body.deviceName ?? null });
    } catch (err) {
      // a malformed body or a store failure is no guess at a code
      enrolLimiter.refund(req.ip);
      throw err;
    }
    const now = clock.now();
    if (r.ok) enrolLimiter.refund(req.ip);
    if (!r.ok) throw new ApiError(r.reason === 'enrol_code_unknown' ? 404 : r.reason === 'device_key_in_use' ? 409 : 410, r.reason);
    const venue = (await store.getVenue(r.device.venueId))!;
    const gate = (await store.getGate(r.device.gateId))!;
    req.log.info({ device: r.device.id, venue: venue.id, gate: gate.id }, 'device enrolled');
    const out: EnrolResponse = {
      deviceId: r.device.id,
      venue: { id: venue.id, name: venue.name, address: venue.address, capacity: venue.capacity, region: venue.region, dwellMinutes: venue.dwellMinutes },
      gate,
      config: {
        riskListId: config.riskListId, heartbeatSeconds: config.heartbeatSeconds, maxVisitBatch: 500, maxAlertBatch: 100,
        serverRetentionDays: config.retentionDays, signatureSkewSeconds: config.signatureSkewSeconds,
      },
      cityKeys: keys.publicKeys(),
      nikHashKey: keys.nikHashKey,
      serverTime: new Date(now).toISOString(),
    };
    return reply.code(201).send(out);
  });

  route('riskUpdates', async (req) => {
    const q = parseOr400(RiskUpdatesQuery, req.query, 'invalid_query');
    return riskUpdates(store, keys, clock, config, q.since);
  });

  route('riskChunk', async (req, reply) => {
    const p = parseOr400(RiskChunkParams, req.params, 'invalid_query');
    const bytes = await store.getRiskChunk(p.sha256);
    if (!bytes) throw new ApiError(404, 'risk_chunk_not_found');
    return reply.header('content-type', 'application/octet-stream').header('cache-control', 'public, max-age=31536000, immutable').send(bytes);
  });

  route('registrations', async (req) => {
    const q = parseOr400(RegistrationsQuery, req.query, 'invalid_query');
    const venue = (await store.getVenue(req.device!.venueId))!;
    const after = Number(q.cursor ?? '0');
    const limit = q.limit ?? 200;
    const rows = await store.listRegistrations(venue.region, after, limit + 1);
    const page = rows.slice(0, limit);
    const body: RegistrationsPage = { items: page.map((r) => registrationItem(r, keys.dataKey)), nextCursor: String(page.at(-1)?.seq ?? after), hasMore: rows.length > limit };
    return body;
  });

  route('registrationLookup', async (req) => {
    const p = parseOr400(RegistrationLookupParams, req.params, 'invalid_query');
    const r = await store.getRegistrationByNikHash(p.nikHash);
    if (!r) throw new ApiError(404, 'registration_not_found');
    return registrationItem(r, keys.dataKey);
  });

  route('pendingRegistration', async (req) => {
    const body = parseOr400(PendingRegistrationUpload, req.body);
    const nik = parseNik(body.nik);
    if (!nik.ok) return { id: body.id, status: 'rejected', reason: 'nik_invalid', rid: null };
    const hash = nikHash(keys.nikHashKey, nik.value.nik);
    const now = clock.now();
    const status = await store.addPendingRegistration({
      id: body.id, deviceId: req.device!.id, nikHash: hash, region: nik.value.regency, nameSealed: sealName(keys.nikHashKey, nik.value.nik, body.name),
      template: sealJson(keys.dataKey, body.template), consentAt: Date.parse(body.consent.at), consentTextVersion: body.consent.textVersion, capturedAt: Date.parse(body.capturedAt),
      receivedAt: now, bodyHash: sha256Hex(canonicalJson(body)),
    });
    const existing = await store.getRegistrationByNikHash(hash);
    return { id: body.id, status, ...(status === 'conflict' ? { reason: 'id_conflict' } : {}), rid: existing?.rid ?? null };
  });

  route('visits', async (req) => {
    tooMany(req.body, 'visits', 500);
    const batch = parseOr400(VisitBatch, req.body);
    const device = req.device!;
    const now = clock.now();
    const results: ItemResult[] = new Array(batch.visits.length);
    const rows: VisitRow[] = [];
    const rowIndex: number[] = [];
    for (const [i, item] of batch.visits.entries()) {
      // The fast check only ever says "certainly valid"; everything else is the schema's to accept or refuse.
      const parsed = isCertainlyValidVisit(item) ? { success: true as const, data: item } : Visit.safeParse(item);
      if (!parsed.success) {
        const d = zodDetails(parsed.error)[0];
        results[i] = { id: itemId(item, i), status: 'rejected', reason: 'invalid_item', details: d ? `${d.path}: ${d.message}` : undefined };
        continue;
      }
      const v = parsed.data;
      if (v.venueId !== device.venueId) {
        results[i] = { id: v.id, status: 'rejected', reason: 'venue_mismatch' };
        continue;
      }
      if (!gatesOfVenue.get(v.venueId)?.has(v.gateId) && !(await gateBelongs(v.venueId, v.gateId))) {
        results[i] = { id: v.id, status: 'rejected', reason: 'gate_unknown' };
        continue;
      }
      rows.push({
        id: v.id, deviceId: device.id, venueId: v.venueId, gateId: v.gateId, occurredAt: Date.parse(v.occurredAt), deviceTime: Date.parse(v.deviceTime),
        clockOffsetMs: v.clockOffsetMs, clockSuspect: v.clockSuspect, identity: v.identity, nikHash: v.nikHash, outcome: v.outcome, reason: v.reason,
        overrideStaffId: v.override?.staffId ?? null, overrideReason: v.override?.reason ?? null, faceDistance: v.faceDistance, livenessScore: v.livenessScore,
        riskListVersion: v.riskListVersion, checkedOutAt: v.checkedOutAt === null ? null : Date.parse(v.checkedOutAt), bodyHash: visitBodyHash(v),
      });
      rowIndex.push(i);
    }
    if (rows.length > 0) {
      const stored = await store.ingestVisits(rows, now);
      stored.forEach((r, k) => {
        results[rowIndex[k]!] = r.status === 'conflict' ? { id: r.id, status: 'conflict', reason: 'id_conflict' } : { id: r.id, status: r.status };
      });
    }
    const body: VisitBatchResponse = { results, serverTime: new Date(clock.now()).toISOString() };
    return body;
  });

  route('checkouts', async (req) => {
    const batch = parseOr400(CheckoutBatch, req.body);
    const r = await store.applyCheckouts(req.device!.id, batch.checkouts.map((c) => ({ visitId: c.visitId, checkedOutAt: Date.parse(c.checkedOutAt) })));
    const known = new Set([...r.applied, ...r.foreign]);
    return { applied: r.applied.length, unknown: batch.checkouts.filter((c) => !known.has(c.visitId)).map((c) => c.visitId), foreign: r.foreign };
  });

  route('alerts', async (req) => {
    tooMany(req.body, 'alerts', 100);
    const batch = parseOr400(AlertBatch, req.body);
    const device = req.device!;
    const now = clock.now();
    const results: ItemResult[] = new Array(batch.alerts.length);
    const rows = [];
    const idx: number[] = [];
    for (const [i, item] of batch.alerts.entries()) {
      const parsed = AlertUpload.safeParse(item);
      if (!parsed.success) {
        const d = zodDetails(parsed.error)[0];
        results[i] = { id: itemId(item, i), status: 'rejected', reason: 'invalid_item', details: d ? `${d.path}: ${d.message}` : undefined };
        continue;
      }
      const a = parsed.data;
      if (a.venueId !== device.venueId) {
        results[i] = { id: a.id, status: 'rejected', reason: 'venue_mismatch' };
        continue;
      }
      rows.push({ id: a.id, deviceId: device.id, visitId: a.visitId, venueId: a.venueId, gateId: a.gateId, occurredAt: Date.parse(a.occurredAt), nikHash: a.nikHash, riskStatus: a.riskStatus, riskListVersion: a.riskListVersion, receivedAt: now, bodyHash: sha256Hex(canonicalJson(a)) });
      idx.push(i);
    }
    if (rows.length > 0) {
      (await store.ingestAlerts(rows)).forEach((r, k) => {
        results[idx[k]!] = r.status === 'conflict' ? { id: r.id, status: 'conflict', reason: 'id_conflict' } : { id: r.id, status: r.status };
      });
      for (const r of rows) req.log.warn({ alert: r.id, venue: r.venueId, gate: r.gateId, device: device.id }, 'risk alert received');
    }
    const body: AlertBatchResponse = { results, serverTime: new Date(clock.now()).toISOString() };
    return body;
  });

  route('heartbeat', async (req) => {
    const hb = parseOr400(Heartbeat, req.body);
    const now = clock.now();
    await store.recordHeartbeat(req.device!.id, hb, now);
    const latest = await store.latestRiskVersion(config.riskListId);
    return { serverTime: new Date(now).toISOString(), latestRiskVersion: latest?.version ?? 0, heartbeatSeconds: config.heartbeatSeconds };
  });

  route('adminAlerts', async (req) => {
    const q = parseOr400(AlertsQuery, req.query, 'invalid_query');
    return { alerts: await admin.alerts(q.since ? Date.parse(q.since) : 0, q.limit ?? 1000), serverTime: new Date(clock.now()).toISOString() };
  });
  route('adminFleet', async () => ({ devices: await admin.fleet(), serverTime: new Date(clock.now()).toISOString() }));
  route('adminTrace', async (req, reply) => {
    const q = parseOr400(TraceQuery, req.query, 'invalid_query');
    const result = await admin.trace({
      nik: q.nik, from: q.from ? Date.parse(q.from) : undefined, to: q.to ? Date.parse(q.to) : undefined, marginMinutes: q.marginMinutes, dwellMinutes: q.dwellMinutes,
    });
    if (q.format === 'csv') return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="trace.csv"').send(traceToCsv(result));
    return result;
  });

  registerConsoleRoutes(app as unknown as FastifyInstance, { store, clock, config, admin, accounts });
  registerConsolePages(app as unknown as FastifyInstance);

  return app as unknown as FastifyInstance;
}
