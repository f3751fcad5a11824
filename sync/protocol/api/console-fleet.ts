// /v1/console/* routes for venues and their kiosks: the venue's entry policy (edited, signed, delivered
// to kiosks), kiosks per venue with health, enrolment codes for gates, revoking a device, a device's
// history, entries per hour. Counts and devices only, never a person. Every route names its roles; the
// server also scopes each query to the caller's jurisdiction (a venue outside it is `venue_unknown`).
import { z } from 'zod';
import { CONSOLE_ROLES } from '../console/roles';
import type { ConsoleRole } from '../console/roles';
import { VenuePolicy } from '../venue-policy';
import { AppVersion, EntityId, IsoDate, IsoDateTime, INT32_MAX, Uuid, plainText } from './common';
import type { RouteSpec } from './routes';

const ALL: readonly ConsoleRole[] = CONSOLE_ROLES;
/** who may change a venue: its venue manager, the sector agency covering it, the city admin */
const VENUE_EDITORS: readonly ConsoleRole[] = ['city-admin', 'sector', 'venue-manager'];
/** who runs a venue's tablets: the city admin (Diskominfo) and the venue's own manager */
const DEVICE_OPERATORS: readonly ConsoleRole[] = ['city-admin', 'venue-manager'];

export const VenueIdParams = z.strictObject({ id: EntityId });
export const DeviceIdParams = z.strictObject({ id: Uuid });
export const GateIdParams = z.strictObject({ id: EntityId });

export const PolicyFieldName = VenuePolicy.keyof();

export const VenuePolicyVersion = z.object({ version: z.number().int(), issuedAt: IsoDateTime, issuedBy: z.string().nullable() });
export const VenuePolicyView = z.object({
  venueId: z.string(),
  /** the policy in force: the latest issued version, or the city's defaults (version 0) */
  policy: VenuePolicy,
  version: z.number().int().nonnegative(),
  issuedAt: IsoDateTime.nullable(),
  /** the city's baseline a venue may make stricter, not laxer */
  baseline: VenuePolicy,
  /** fields the caller may not set laxer than the baseline (empty for the city admin) */
  limitedFields: z.array(PolicyFieldName),
  canEdit: z.boolean(),
  /** the kiosks of the venue and the policy version each last reported */
  kiosks: z.array(z.object({ deviceId: z.string(), name: z.string().nullable(), policyVersion: z.number().int().nullable() })),
  history: z.array(VenuePolicyVersion),
});
export type VenuePolicyView = z.infer<typeof VenuePolicyView>;
export const SetVenuePolicyRequest = z.strictObject({
  policy: VenuePolicy,
  /** the version the editor started from: saving over a newer one is a 409, nothing changed */
  baseVersion: z.number().int().min(0).max(INT32_MAX),
});

export const DeviceHealth = z.object({
  deviceId: z.string(), name: z.string().nullable(), gateId: z.string(), gateName: z.string().nullable(),
  status: z.enum(['ok', 'stale', 'silent', 'never_seen', 'revoked']),
  enrolledAt: IsoDateTime, revokedAt: IsoDateTime.nullable(),
  /** last signed request or heartbeat */
  lastSeenAt: IsoDateTime.nullable(),
  /** the heartbeat's own time (a kiosk can be seen without a heartbeat) */
  lastHeartbeatAt: IsoDateTime.nullable(),
  lastSyncAt: IsoDateTime.nullable(),
  /** visits waiting in the kiosk's outbox */
  queueDepth: z.number().int().nullable(),
  deadLetterCount: z.number().int().nullable(),
  riskListVersion: z.number().int().nullable(),
  riskListAgeSeconds: z.number().nullable(),
  policyVersion: z.number().int().nullable(),
  appVersion: AppVersion.nullable(),
  problems: z.array(z.string()),
});
export type DeviceHealth = z.infer<typeof DeviceHealth>;
export const VenueDevices = z.object({
  venue: z.object({ id: z.string(), name: z.string(), address: z.string() }),
  gates: z.array(z.object({ id: z.string(), name: z.string(), direction: z.enum(['ENTRY', 'EXIT', 'BOTH']) })),
  devices: z.array(DeviceHealth),
  latestRiskVersion: z.number().int(),
  policyVersion: z.number().int(),
  /** the caller may issue codes and revoke */
  canOperate: z.boolean(),
  serverTime: IsoDateTime,
});
export type VenueDevices = z.infer<typeof VenueDevices>;

export const CreateGateRequest = z.strictObject({ name: plainText(80), direction: z.enum(['ENTRY', 'EXIT', 'BOTH']).optional() });
export const GateView = z.object({ id: z.string(), venueId: z.string(), name: z.string(), direction: z.enum(['ENTRY', 'EXIT', 'BOTH']) });

/** The code is shown once: only its hash is kept. */
export const EnrolmentCodeIssued = z.object({
  code: z.string(), expiresAt: IsoDateTime,
  venue: z.object({ id: z.string(), name: z.string(), address: z.string() }),
  gate: z.object({ id: z.string(), name: z.string(), direction: z.enum(['ENTRY', 'EXIT', 'BOTH']) }),
});
export type EnrolmentCodeIssued = z.infer<typeof EnrolmentCodeIssued>;

export const DeviceEvent = z.object({ seq: z.number().int(), at: IsoDateTime, action: z.string(), actorName: z.string().nullable(), actorRole: z.string().nullable(), details: z.record(z.string(), z.unknown()) });
export const DeviceHistory = z.object({ device: DeviceHealth, venueId: z.string(), events: z.array(DeviceEvent) });
export type DeviceHistory = z.infer<typeof DeviceHistory>;

export const EntriesQuery = z.strictObject({ date: IsoDate.optional() });
export const VenueEntries = z.object({
  venueId: z.string(),
  /** the day in WIB (Bogor) */
  date: IsoDate,
  /** 24 hours, 00–23 WIB */
  hours: z.array(z.object({ hour: z.number().int().min(0).max(23), admitted: z.number().int(), denied: z.number().int(), referred: z.number().int() })).length(24),
});
export type VenueEntries = z.infer<typeof VenueEntries>;
export const OkAnswer = z.object({ ok: z.literal(true) });

export const FLEET_CONSOLE_ROUTES = {
  consoleVenuePolicy: {
    method: 'GET', path: '/v1/console/venues/:id/policy', auth: 'console', roles: ALL,
    summary: 'The entry policy in force at a venue, its versions, the limits for the caller, and which version each kiosk runs',
    params: VenueIdParams, response: { status: 200, schema: VenuePolicyView },
  },
  consoleSetVenuePolicy: {
    method: 'POST', path: '/v1/console/venues/:id/policy', auth: 'console', roles: VENUE_EDITORS,
    summary: 'Issue a new version of a venue policy (signed with the city key, delivered to its kiosks with the heartbeat)',
    params: VenueIdParams, body: SetVenuePolicyRequest, response: { status: 200, schema: VenuePolicyView }, bodyLimit: 8 * 1024,
  },
  consoleVenueDevices: {
    method: 'GET', path: '/v1/console/venues/:id/devices', auth: 'console', roles: ALL,
    summary: 'Gates and kiosks of a venue with their health (last heartbeat, risk list age, outbox, policy version)',
    params: VenueIdParams, response: { status: 200, schema: VenueDevices },
  },
  consoleCreateGate: {
    method: 'POST', path: '/v1/console/venues/:id/gates', auth: 'console', roles: ['city-admin'], summary: 'Add a gate to a venue',
    params: VenueIdParams, body: CreateGateRequest, response: { status: 201, schema: GateView }, bodyLimit: 4 * 1024,
  },
  consoleIssueEnrolmentCode: {
    method: 'POST', path: '/v1/console/gates/:id/enrolment-code', auth: 'console', roles: DEVICE_OPERATORS,
    summary: 'A one-time enrolment code for a kiosk at this gate (shown once, for the printable sheet)',
    params: GateIdParams, response: { status: 201, schema: EnrolmentCodeIssued },
  },
  consoleRevokeDevice: {
    method: 'POST', path: '/v1/console/devices/:id/revoke', auth: 'console', roles: DEVICE_OPERATORS,
    summary: 'Revoke a kiosk: its next signed request is refused (401 device_revoked)',
    params: DeviceIdParams, response: { status: 200, schema: OkAnswer },
  },
  consoleDeviceHistory: {
    method: 'GET', path: '/v1/console/devices/:id/history', auth: 'console', roles: ['city-admin', 'sector', 'venue-manager', 'auditor'],
    summary: "A kiosk's health and its history (enrolment, policy versions applied, revocation) from the audit log",
    params: DeviceIdParams, response: { status: 200, schema: DeviceHistory },
  },
  consoleVenueEntries: {
    method: 'GET', path: '/v1/console/venues/:id/entries', auth: 'console', roles: ALL,
    summary: 'Visits per hour of one day (WIB) at a venue, by outcome (counts only)',
    params: VenueIdParams, query: EntriesQuery, response: { status: 200, schema: VenueEntries },
  },
} as const satisfies Record<string, RouteSpec & { auth: 'console'; roles: readonly ConsoleRole[] }>;

export type FleetConsoleRouteName = keyof typeof FLEET_CONSOLE_ROUTES;
