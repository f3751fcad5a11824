// The /v1 route table: one place that says which schema each path takes and returns, and how it is
// authenticated. Everything that names a route is driven by it: the server registers one handler per
// entry (a mapped type over the table, checked at start-up: sync/server/routes/register.ts), validates
// bodies, queries and params with the schemas here and nowhere else, the OpenAPI document is generated
// from it, and the kiosk's client `call(route, …)` builds paths and types its arguments and answers from it.
//
// To add a route: add its entry here (or in its group's table, e.g. console.ts), then its handler in the
// group's module under sync/server/routes/ (or console/routes.ts); the server refuses to start until both exist.
import type { z } from 'zod';
import { AlertBatch, AlertBatchResponse, AlertsList, AlertsQuery, AlertUpload, MAX_ALERT_BATCH } from './alerts';
import { ErrorBody } from './common';
import { CONSOLE_ROUTES } from './console';
import type { ConsoleRole } from '../console/roles';
import { EnrolRequest, EnrolResponse } from './enrol';
import { HealthResponse } from './health';
import { FleetList, Heartbeat, HeartbeatResponse } from './heartbeat';
import {
  PendingRegistrationResponse,
  PendingRegistrationUpload,
  RegistrationLookup,
  RegistrationLookupParams,
  RegistrationsPage,
  RegistrationsQuery,
} from './registrations';
import { RESIDENT_ROUTES } from './residents';
import { RiskChunkParams, RiskUpdatesQuery, RiskUpdatesResponse } from './risk';
import { TraceQuery, TraceResult } from './trace';
import { CheckoutBatch, CheckoutBatchResponse, MAX_VISIT_BATCH, Visit, VisitBatch, VisitBatchResponse } from './visits';
import { isCertainlyValidVisit } from './visits-fast';

/** `console`: a console session cookie (+ CSRF header on POST) or a named API key; see `roles`. */
export type RouteAuth = 'none' | 'device' | 'admin' | 'console';

/**
 * A batch endpoint: `body[field]` holds up to `max` items, each validated on its own (one bad item is
 * answered `rejected`, it never refuses the batch); more than `max` is a 413 so the kiosk halves its batch.
 */
export interface BatchSpec {
  field: string;
  item: z.ZodType;
  max: number;
  /** optional fast acceptance check: true only if `item` accepts the value unchanged (see visits-fast.ts) */
  fastCheck?: (value: unknown) => boolean;
}

export interface RouteSpec {
  method: 'GET' | 'POST';
  /** fastify-style path (`:param`) */
  path: string;
  auth: RouteAuth;
  summary: string;
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  batch?: BatchSpec;
  /** success status → body schema (null: not JSON, `contentType` says what) */
  response: { status: number; schema: z.ZodType | null; contentType?: string };
  /** another representation of the success answer, chosen by a query field (e.g. trace as CSV) */
  alternative?: { contentType: string; when: string; description: string };
  /** max request body bytes */
  bodyLimit?: number;
  /** console routes: the roles that may call it (enforced in one preHandler) */
  roles?: readonly ConsoleRole[];
  /** console routes callable without an account (login) */
  public?: boolean;
  /**
   * rate-limited per caller before the device limit (per address, per NIK, per account): may answer 429
   * with Retry-After. Device routes are always limited per device; this is for the others (OpenAPI).
   */
  limited?: true;
  /** an `auth: 'none'` route whose handler takes a bearer session of its own (residents' /me): OpenAPI says so */
  session?: 'resident';
}

export const API_ROUTES = {
  health: { method: 'GET', path: '/v1/health', auth: 'none', summary: 'Liveness and database health', response: { status: 200, schema: HealthResponse } },
  openapi: {
    method: 'GET', path: '/v1/openapi.json', auth: 'none', summary: 'This OpenAPI document',
    response: { status: 200, schema: null, contentType: 'application/json' },
  },
  enrol: {
    method: 'POST', path: '/v1/enrol', auth: 'none', summary: 'Enrol a kiosk with a one-time code and its public key',
    body: EnrolRequest, response: { status: 201, schema: EnrolResponse }, bodyLimit: 4 * 1024, limited: true,
  },
  riskUpdates: {
    method: 'GET', path: '/v1/risk/updates', auth: 'device', summary: 'Signed head plus delta manifests since a version, or a snapshot',
    query: RiskUpdatesQuery, response: { status: 200, schema: RiskUpdatesResponse },
  },
  riskChunk: {
    method: 'GET', path: '/v1/risk/chunks/:sha256', auth: 'device', summary: 'One risk list chunk by its sha256 (text lines, see risk-feed.ts)',
    params: RiskChunkParams, response: { status: 200, schema: null, contentType: 'application/octet-stream' },
  },
  registrations: {
    method: 'GET', path: '/v1/registrations', auth: 'device', summary: "Registrations for the device's region, by cursor",
    query: RegistrationsQuery, response: { status: 200, schema: RegistrationsPage },
  },
  registrationLookup: {
    method: 'GET', path: '/v1/registrations/:nikHash', auth: 'device', summary: 'One registration by NIK hash (any region)',
    params: RegistrationLookupParams, response: { status: 200, schema: RegistrationLookup },
  },
  pendingRegistration: {
    method: 'POST', path: '/v1/registrations/pending', auth: 'device', summary: 'Upload a registration made on the spot at the kiosk',
    body: PendingRegistrationUpload, response: { status: 200, schema: PendingRegistrationResponse }, bodyLimit: 64 * 1024,
  },
  visits: {
    method: 'POST', path: '/v1/visits', auth: 'device', summary: `Upload up to ${MAX_VISIT_BATCH} visits; idempotent by visit id`,
    body: VisitBatch, batch: { field: 'visits', item: Visit, max: MAX_VISIT_BATCH, fastCheck: isCertainlyValidVisit },
    response: { status: 200, schema: VisitBatchResponse }, bodyLimit: 1024 * 1024,
  },
  checkouts: {
    method: 'POST', path: '/v1/visits/checkouts', auth: 'device', summary: 'Check-outs of already uploaded visits',
    body: CheckoutBatch, response: { status: 200, schema: CheckoutBatchResponse }, bodyLimit: 256 * 1024,
  },
  alerts: {
    method: 'POST', path: '/v1/alerts', auth: 'device', summary: `Push DENY alerts of CONFIRMED/SUSPECT persons (up to ${MAX_ALERT_BATCH})`,
    body: AlertBatch, batch: { field: 'alerts', item: AlertUpload, max: MAX_ALERT_BATCH },
    response: { status: 200, schema: AlertBatchResponse }, bodyLimit: 128 * 1024,
  },
  heartbeat: {
    method: 'POST', path: '/v1/heartbeat', auth: 'device', summary: 'Kiosk health report',
    body: Heartbeat, response: { status: 200, schema: HeartbeatResponse }, bodyLimit: 8 * 1024,
  },
  adminAlerts: {
    method: 'GET', path: '/v1/admin/alerts', auth: 'admin', summary: 'Alerts for Dinkes',
    query: AlertsQuery, response: { status: 200, schema: AlertsList },
  },
  adminFleet: { method: 'GET', path: '/v1/admin/fleet', auth: 'admin', summary: 'Devices and their health', response: { status: 200, schema: FleetList } },
  adminTrace: {
    method: 'GET', path: '/v1/admin/trace', auth: 'admin', summary: 'Contact tracing for a NIK (JSON, or CSV with format=csv)',
    query: TraceQuery, response: { status: 200, schema: TraceResult },
    alternative: { contentType: 'text/csv', when: 'format=csv', description: 'The same visits and contacts as CSV (an attachment, trace.csv)' },
  },
  ...RESIDENT_ROUTES,
  ...CONSOLE_ROUTES,
} as const satisfies Record<string, RouteSpec>;

export type ApiRoutes = typeof API_ROUTES;
export type RouteName = keyof ApiRoutes;
type Spec<K extends RouteName> = ApiRoutes[K];

/** The items of a batch route (`Visit` for visits), `never` for other routes. */
export type RouteBatchItem<K extends RouteName> = Spec<K> extends { batch: { item: infer I extends z.ZodType } } ? z.output<I> : never;

/**
 * What a client sends as the body: for a batch route the envelope with typed items (the server validates
 * each item on its own), else the body schema's input; `undefined` for routes without a body.
 */
export type RouteBody<K extends RouteName> = Spec<K> extends { batch: { field: infer F extends string; item: infer I extends z.ZodType } }
  ? { [P in F]: Array<z.input<I>> }
  : Spec<K> extends { body: infer B extends z.ZodType }
    ? z.input<B>
    : undefined;

/** The body a server handler gets after the table's schema accepted it (batch items still unknown). */
export type RouteParsedBody<K extends RouteName> = Spec<K> extends { body: infer B extends z.ZodType } ? z.output<B> : undefined;

/** Query and path parameters as values (the client turns them into text; the schemas coerce back). */
export type RouteQuery<K extends RouteName> = Spec<K> extends { query: infer Q extends z.ZodType } ? z.output<Q> : undefined;
export type RouteParams<K extends RouteName> = Spec<K> extends { params: infer P extends z.ZodType } ? z.output<P> : undefined;

/** The success answer: the response schema's type, or the bytes when the route answers something else than JSON. */
export type RouteResponse<K extends RouteName> = Spec<K>['response'] extends { schema: infer S extends z.ZodType } ? z.output<S> : Uint8Array;

export type RouteAuthOf<K extends RouteName> = Spec<K>['auth'];

/** The path of a route with its `:params` filled in (each value URL-encoded). */
export function routePath(name: RouteName, params?: Record<string, string | number>): string {
  return API_ROUTES[name].path.replace(/:([A-Za-z0-9_]+)/g, (_, p: string) => {
    const v = params?.[p];
    if (v === undefined) throw new Error(`route ${name}: missing path parameter ${p}`);
    return encodeURIComponent(String(v));
  });
}

export { ErrorBody };
