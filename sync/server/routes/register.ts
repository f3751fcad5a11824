// Handlers are registered from the /v1 route table (sync/protocol/api/routes.ts), never by hand: one
// handler per table entry (the `Handlers` mapped type), the table's schemas validate bodies, queries and
// params here and only here, batch routes get their items checked one by one, and authentication is a
// separate hook chosen by the entry's `auth`. A table entry without a handler, or a handler without an
// entry, stops the server at start-up (checkRouteHandlers).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { ItemResult } from '../../protocol/api/common';
import { API_ROUTES } from '../../protocol/api/routes';
import type { RouteAuth, RouteAuthOf, RouteBatchItem, RouteName, RouteParams, RouteParsedBody, RouteQuery, RouteResponse, RouteSpec } from '../../protocol/api/routes';
import type { DeviceRow } from '../store/types';
import type { Principal } from '../console/accounts';
import { ApiError, parseOr400, zodDetails } from '../http/errors';

/**
 * A batch body after its items were checked: `results` already holds the answer of every refused item
 * (same index as in the request), `valid` the accepted items with their index; the handler answers these.
 */
export interface CheckedBatch<T> {
  results: ItemResult[];
  valid: Array<{ index: number; item: T }>;
}

export interface RouteContext<K extends RouteName> {
  req: FastifyRequest;
  reply: FastifyReply;
  body: RouteParsedBody<K>;
  query: RouteQuery<K>;
  params: RouteParams<K>;
  batch: [RouteBatchItem<K>] extends [never] ? undefined : CheckedBatch<RouteBatchItem<K>>;
  /** the signing device (device routes) */
  device: RouteAuthOf<K> extends 'device' ? DeviceRow : undefined;
  /** the console account or API key (console routes; null on the public login route) */
  principal: RouteAuthOf<K> extends 'console' ? Principal : undefined;
}

/** Answers the table's success body (sent with the table's status), or a reply it has sent itself. */
export type RouteHandler<K extends RouteName> = (ctx: RouteContext<K>) => Promise<RouteResponse<K> | FastifyReply>;

/**
 * A handler, or one with a guard that runs after authentication and before validation (e.g. a rate limit
 * that reserves a token), and what to undo when the input then fails validation (give the token back).
 */
export interface GuardedHandler<H> {
  guard: (req: FastifyRequest) => void | Promise<void>;
  refundOnInvalid?: (req: FastifyRequest) => void;
  handle: H;
}
export type RouteHandlerDef<K extends RouteName> = RouteHandler<K> | GuardedHandler<RouteHandler<K>>;

export type Handlers = { [K in RouteName]: RouteHandlerDef<K> };

/**
 * What each `auth` of the table runs. Device signatures are checked in onRequest before the body is read
 * (http/pre-auth.ts); `device` here adds the per-device rate limit and last-seen. `console` (session or
 * API key, and the route's roles) also runs in onRequest, so a caller without the role learns nothing
 * about the input; `admin` checks the bearer token.
 */
export interface AuthHooks {
  device: (req: FastifyRequest) => Promise<void>;
  admin: (req: FastifyRequest) => Promise<void>;
  console: (req: FastifyRequest, spec: RouteSpec) => Promise<void>;
}
export type { RouteAuth };

/** Throws (with every difference named) unless the table and the handlers name the same routes. */
export function checkRouteHandlers(table: Record<string, unknown>, handlers: Record<string, unknown>): void {
  const missing = Object.keys(table).filter((k) => typeof handlers[k] !== 'function' && typeof (handlers[k] as { handle?: unknown } | undefined)?.handle !== 'function');
  const extra = Object.keys(handlers).filter((k) => !(k in table));
  if (missing.length === 0 && extra.length === 0) return;
  const parts = [
    ...(missing.length ? [`no handler for route(s): ${missing.join(', ')}`] : []),
    ...(extra.length ? [`handler(s) without a route in API_ROUTES: ${extra.join(', ')}`] : []),
  ];
  throw new Error(`route table and handlers disagree: ${parts.join('; ')}`);
}

function itemId(item: unknown, index: number): string {
  const id = (item as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id.length <= 64 ? id : `#${index}`;
}

/** More items than a batch may hold is a 413 (the kiosk halves its batch), not a generic 400. */
function checkBatchSize(body: unknown, field: string, max: number): void {
  const items = (body as Record<string, unknown> | null)?.[field];
  if (Array.isArray(items) && items.length > max) throw new ApiError(413, 'batch_too_large', [{ path: field, message: `at most ${max} items, got ${items.length}` }]);
}

function checkItems(items: unknown[], item: z.ZodType, fastCheck: ((v: unknown) => boolean) | undefined): CheckedBatch<unknown> {
  const results: ItemResult[] = new Array(items.length);
  const valid: Array<{ index: number; item: unknown }> = [];
  for (let i = 0; i < items.length; i++) {
    const value = items[i];
    // The fast check only ever says "certainly valid"; everything else is the schema's to accept or refuse.
    if (fastCheck?.(value)) {
      valid.push({ index: i, item: value });
      continue;
    }
    const parsed = item.safeParse(value);
    if (parsed.success) {
      valid.push({ index: i, item: parsed.data });
      continue;
    }
    const d = zodDetails(parsed.error)[0];
    results[i] = { id: itemId(value, i), status: 'rejected', reason: 'invalid_item', details: d ? `${d.path}: ${d.message}` : undefined };
  }
  return { results, valid };
}

type AnyContext = { req: FastifyRequest; reply: FastifyReply; body: unknown; query: unknown; params: unknown; batch: CheckedBatch<unknown> | undefined; device: DeviceRow | undefined; principal: Principal | undefined };
type AnyHandlerDef = ((ctx: AnyContext) => Promise<unknown>) | GuardedHandler<(ctx: AnyContext) => Promise<unknown>>;

function registerOne(app: FastifyInstance, name: string, spec: RouteSpec, def: AnyHandlerDef, auth: AuthHooks): void {
  const handle = typeof def === 'function' ? def : def.handle;
  const guard = typeof def === 'function' ? null : def.guard;
  const refund = typeof def === 'function' ? undefined : def.refundOnInvalid;
  const contentType = spec.response.schema === null ? (spec.response.contentType ?? 'application/octet-stream') : null;
  app.route({
    method: spec.method,
    url: spec.path,
    config: { routeName: name },
    ...(spec.bodyLimit !== undefined ? { bodyLimit: spec.bodyLimit } : {}),
    ...(spec.auth === 'console' ? { onRequest: async (req: FastifyRequest) => auth.console(req, spec) } : {}),
    ...(spec.auth === 'device' || spec.auth === 'admin' ? { preHandler: auth[spec.auth] } : {}),
    handler: async (req, reply) => {
      if (guard) await guard(req);
      let body: unknown;
      let query: unknown;
      let params: unknown;
      try {
        if (spec.batch) checkBatchSize(req.body, spec.batch.field, spec.batch.max);
        body = spec.body ? parseOr400(spec.body, req.body) : undefined;
        query = spec.query ? parseOr400(spec.query, req.query, 'invalid_query') : undefined;
        params = spec.params ? parseOr400(spec.params, req.params, 'invalid_query') : undefined;
      } catch (err) {
        refund?.(req);
        throw err;
      }
      const batch = spec.batch ? checkItems((body as Record<string, unknown[]>)[spec.batch.field]!, spec.batch.item, spec.batch.fastCheck) : undefined;
      void reply.header('cache-control', 'no-store');
      if (contentType) void reply.header('content-type', contentType);
      const out = await handle({ req, reply, body, query, params, batch, device: req.device, principal: req.principal ?? undefined });
      // A handler that sent its own answer returns the reply; a reply is thenable, so `out` is then not
      // the reply itself (awaiting it waits for the send): what counts is whether it was sent.
      if (reply.sent) return reply;
      return reply.code(spec.response.status).send(out);
    },
  });
}

/** Registers every route of the table with its handler; throws first if they do not match. */
export function registerRoutes(app: FastifyInstance, handlers: Handlers, auth: AuthHooks): void {
  checkRouteHandlers(API_ROUTES, handlers);
  // ... and no /v1 route is added beside the table (HEAD is Fastify's automatic twin of each GET; the
  // console's static pages live outside /v1).
  const inTable = new Set(Object.values(API_ROUTES).map((s: RouteSpec) => `${s.method} ${s.path}`));
  app.addHook('onRoute', (r) => {
    if (!r.url.startsWith('/v1/') && r.url !== '/v1') return;
    for (const m of [r.method].flat()) {
      if (m !== 'HEAD' && !inTable.has(`${m} ${r.url}`)) throw new Error(`route ${m} ${r.url} is not in API_ROUTES (sync/protocol/api/routes.ts): add it there`);
    }
  });
  for (const [name, spec] of Object.entries(API_ROUTES) as Array<[RouteName, RouteSpec]>) {
    registerOne(app, name, spec, handlers[name] as unknown as AnyHandlerDef, auth);
  }
}
