// The Fastify application: every /v1 route from the shared route table (routes/register.ts registers one
// handler per entry, validates with the table's schemas and runs the entry's authentication), device
// signatures checked before the body is read, JSON errors with reason codes, and the console's pages.
import { randomUUID } from 'node:crypto';
import Fastify, { LogController } from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { CityAdmin } from './admin';
import { AdminError } from './admin';
import type { Clock } from '../protocol/clock';
import type { ServerConfig } from './config';
import { ConsoleAccounts } from './console/accounts';
import { AlertFeed } from './console/alert-feed';
import { consoleHandlers } from './console/routes';
import { registerConsolePages } from './console/static';
import { VenuePolicies } from './console/venue-policies';
import { ApiError, sendError } from './http/errors';
import { preAuthHook, registerBodyParsers } from './http/pre-auth';
import { authHooks } from './http/route-auth';
import type { CityKeys } from './keys';
import { eventLogger } from './log';
import { deviceAndAdminHandlers } from './routes/index';
import { registerRoutes } from './routes/register';
import { registerResidentPages } from './residents/pages';
import { residentHandlers } from './residents/routes';
import { reviewHandlers } from './residents/review-routes';
import { ResidentsService } from './residents/service';
import type { ServerStore } from './store/types';
import { API_ROUTES } from '../protocol/api/routes';
import type { RouteSpec } from '../protocol/api/routes';
import type { LogEventName } from '../protocol/log-events';
import { faceEngineExtractor } from './templates';
import type { TemplateExtractor } from './templates';
import { SERVER_VERSION } from './version';

export { SERVER_VERSION };

export interface AppDeps {
  store: ServerStore;
  keys: CityKeys;
  clock: Clock;
  config: ServerConfig;
  admin: CityAdmin;
  logger: Logger;
  /** the face engine for residents' selfies (default: loaded on first use) */
  extractor?: () => TemplateExtractor;
}

/** Route pattern → the route's entry in the table (to name a refusal after who was refused). */
const ROUTE_BY_PATTERN = new Map<string, RouteSpec>(Object.values(API_ROUTES).map((r: RouteSpec) => [`${r.method} ${r.path}`, r]));

/**
 * The log event of a 401, by the route's kind of caller: a wrong console password is not a kiosk being
 * refused (an operator watching `server.device_refused` for rogue tablets would see every typo). The
 * fields are the reason code and the route pattern only: never a username, password or token.
 */
function refusedEvent(method: string, url: string | undefined): LogEventName {
  const spec = url ? ROUTE_BY_PATTERN.get(`${method} ${url}`) : undefined;
  if (!spec) return 'server.device_refused';
  if (spec === API_ROUTES.consoleLogin) return 'server.console_login_failed';
  return ({ device: 'server.device_refused', console: 'server.console_refused', admin: 'server.admin_refused', none: 'server.resident_refused' } as const)[spec.auth];
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
  let extractor: TemplateExtractor | null = null;
  const residents = new ResidentsService({ store, keys, clock, config, extractor: deps.extractor ?? (() => (extractor ??= faceEngineExtractor())) });
  await residents.catchUp();
  admin.useResidents(residents);
  const policies = new VenuePolicies(store, keys, clock);
  // Dinkes' live alert streams: one feed for this process, woken when this process ingests an alert and,
  // on PostgreSQL, when any other process does (LISTEN/NOTIFY); a slow poll in case a wake-up is lost.
  const alertFeed = new AlertFeed(store, clock, { safetyPollMs: config.alertSafetyPollMs, log: eventLogger(deps.logger) });
  app.addHook('preClose', async () => alertFeed.close());

  // Device routes are authenticated from their headers before the body is read; bodies are kept as
  // bytes, checked against the signed digest, depth-capped, then parsed (http/pre-auth.ts).
  app.addHook('onRequest', preAuthHook({ store, clock, skewSeconds: config.signatureSkewSeconds }));
  registerBodyParsers(app as unknown as FastifyInstance);

  app.setErrorHandler((err: unknown, req, reply) => {
    const now = clock.now().getTime();
    if (err instanceof ApiError) {
      if (err.headers) for (const [k, v] of Object.entries(err.headers)) void reply.header(k, v);
      if (err.status === 401) eventLogger(req.log).warn(refusedEvent(req.method, req.routeOptions.url), { reason: err.code, route: req.routeOptions.url });
      return sendError(reply, err.status, err.code, now, err.details);
    }
    if (err instanceof AdminError) return sendError(reply, 400, 'nik_invalid', now, [{ path: 'nik', message: err.bilingual.en }]);
    const e = err as { code?: string; statusCode?: number; message?: string };
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendError(reply, 413, 'body_too_large', now);
    if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return sendError(reply, 415, 'unsupported_media_type', now);
    if (e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || e.code === 'FST_ERR_CTP_INVALID_JSON_BODY') return sendError(reply, 400, 'invalid_json', now);
    if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) return sendError(reply, e.statusCode, 'invalid_body', now, [{ path: '(request)', message: e.message ?? 'bad request' }]);
    eventLogger(req.log).error('server.request_failed', { err, route: req.routeOptions.url });
    // Almost always the database (restarting, busy): nothing was committed, the client retries.
    void reply.header('retry-after', '5');
    return sendError(reply, 503, 'unavailable', now);
  });
  app.setNotFoundHandler((_req, reply) => sendError(reply, 404, 'not_found', clock.now().getTime()));

  // Log the route pattern, never the URL: a query (trace) or a wrong path could hold a NIK.
  app.addHook('onResponse', async (req, reply) => {
    eventLogger(req.log).info('server.request', { method: req.method, route: req.routeOptions.url ?? '(no route)', status: reply.statusCode, ms: Math.round(reply.elapsedTime), device: req.device?.id });
  });

  registerRoutes(
    app as unknown as FastifyInstance,
    { ...deviceAndAdminHandlers({ ...deps, residents, policies, onAlertsStored: () => alertFeed.nudge() }), ...residentHandlers(residents), ...reviewHandlers(residents), ...consoleHandlers({ store, clock, config, admin, accounts, policies, feed: alertFeed }) },
    authHooks({ store, keys, clock, config, accounts }),
  );
  registerConsolePages(app as unknown as FastifyInstance);
  registerResidentPages(app as unknown as FastifyInstance);

  return app as unknown as FastifyInstance;
}
