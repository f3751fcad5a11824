// The /v1 route table: one place that says which schema each path takes and returns, and how it is
// authenticated. The server registers its handlers from it and the OpenAPI document is generated from it.
import type { z } from 'zod';
import { AlertBatch, AlertBatchResponse, AlertsList, AlertsQuery } from './alerts';
import { ErrorBody } from './common';
import { CONSOLE_ROUTES } from './console';
import type { ConsoleRole } from '../console/roles';
import { EnrolRequest, EnrolResponse } from './enrol';
import { HealthResponse } from './health';
import { FleetList, Heartbeat, HeartbeatResponse } from './heartbeat';
import {
  PendingRegistrationResponse,
  PendingRegistrationUpload,
  RegistrationItem,
  RegistrationLookupParams,
  RegistrationsPage,
  RegistrationsQuery,
} from './registrations';
import { RiskChunkParams, RiskUpdatesQuery, RiskUpdatesResponse } from './risk';
import { TraceQuery, TraceResult } from './trace';
import { CheckoutBatch, CheckoutBatchResponse, VisitBatch, VisitBatchResponse } from './visits';

/** `console`: a console session cookie (+ CSRF header on POST) or a named API key; see `roles`. */
export type RouteAuth = 'none' | 'device' | 'admin' | 'console';

export interface RouteSpec {
  method: 'GET' | 'POST';
  /** fastify-style path (`:param`) */
  path: string;
  auth: RouteAuth;
  summary: string;
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  /** success status → body schema (null: not JSON) */
  response: { status: number; schema: z.ZodType | null; contentType?: string };
  /** max request body bytes */
  bodyLimit?: number;
  /** console routes: the roles that may call it (enforced in one preHandler) */
  roles?: readonly ConsoleRole[];
  /** console routes callable without an account (login) */
  public?: boolean;
}

export const API_ROUTES = {
  health: { method: 'GET', path: '/v1/health', auth: 'none', summary: 'Liveness and database health', response: { status: 200, schema: HealthResponse } },
  enrol: {
    method: 'POST', path: '/v1/enrol', auth: 'none', summary: 'Enrol a kiosk with a one-time code and its public key',
    body: EnrolRequest, response: { status: 201, schema: EnrolResponse }, bodyLimit: 4 * 1024,
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
    params: RegistrationLookupParams, response: { status: 200, schema: RegistrationItem },
  },
  pendingRegistration: {
    method: 'POST', path: '/v1/registrations/pending', auth: 'device', summary: 'Upload a registration made on the spot at the kiosk',
    body: PendingRegistrationUpload, response: { status: 200, schema: PendingRegistrationResponse }, bodyLimit: 64 * 1024,
  },
  visits: {
    method: 'POST', path: '/v1/visits', auth: 'device', summary: 'Upload up to 500 visits; idempotent by visit id',
    body: VisitBatch, response: { status: 200, schema: VisitBatchResponse }, bodyLimit: 1024 * 1024,
  },
  checkouts: {
    method: 'POST', path: '/v1/visits/checkouts', auth: 'device', summary: 'Check-outs of already uploaded visits',
    body: CheckoutBatch, response: { status: 200, schema: CheckoutBatchResponse }, bodyLimit: 256 * 1024,
  },
  alerts: {
    method: 'POST', path: '/v1/alerts', auth: 'device', summary: 'Push DENY alerts of CONFIRMED/SUSPECT persons',
    body: AlertBatch, response: { status: 200, schema: AlertBatchResponse }, bodyLimit: 128 * 1024,
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
  },
  ...CONSOLE_ROUTES,
} as const satisfies Record<string, RouteSpec>;

export type RouteName = keyof typeof API_ROUTES;

export { ErrorBody };
