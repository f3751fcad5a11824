// The /v1/console/* routes (the city console's API): schemas and, on every route, the roles that may
// call it. The server enforces `roles` in one preHandler and scopes queries by the caller's
// jurisdiction (console/roles.ts); the role × route matrix test is generated from this table.
import { z } from 'zod';
import { CONSOLE_ROLES, VENUE_CATEGORIES } from '../console/roles';
import type { ConsoleRole } from '../console/roles';
import { AppVersion, EntityId, IsoDateTime, plainText } from './common';
import type { RouteSpec } from './routes';
import { FLEET_CONSOLE_ROUTES } from './console-fleet';
import { CONSOLE_RISK_ROUTES } from './console-risk';
import { PRIORITY_RISK_STATUSES } from '../risk-status';
import { CONSOLE_CASE_ROUTES } from './console-cases';
import { CONSOLE_REVIEW_ROUTES } from './console-reviews';

export const ConsoleRoleSchema = z.enum(CONSOLE_ROLES);
export const VenueCategorySchema = z.enum(VENUE_CATEGORIES);

/** Lower-case account name: letters, digits, . _ - (3–40). */
export const Username = z.string().regex(/^[a-z0-9][a-z0-9._-]{2,39}$/, 'username: 3–40 of a–z 0–9 . _ - (lower case)');
/** At least 12 characters; no upper bound worth guessing beyond 200 (a passphrase is welcome). */
export const NewPassword = z.string().min(12, 'password: at least 12 characters').max(200);
export const TotpCode = z.string().regex(/^\d{6}$/, 'totp: 6 digits');

export const LoginRequest = z.strictObject({ username: z.string().min(1).max(64), password: z.string().min(1).max(200), totp: TotpCode.optional() });

export const ConsoleMe = z.object({
  id: z.string(), username: z.string(), displayName: z.string(), role: ConsoleRoleSchema, agencyId: z.string().nullable(),
  venueIds: z.array(z.string()), totpEnabled: z.boolean(),
});
export type ConsoleMe = z.infer<typeof ConsoleMe>;
export const SessionResponse = z.object({ user: ConsoleMe, csrfToken: z.string(), idleMinutes: z.number().int().positive() });
export type SessionResponse = z.infer<typeof SessionResponse>;
export const OkResponse = z.object({ ok: z.literal(true) });

export const ConsoleUser = ConsoleMe.extend({ disabled: z.boolean(), createdAt: IsoDateTime, updatedAt: IsoDateTime });
export type ConsoleUser = z.infer<typeof ConsoleUser>;
export const UserList = z.object({ users: z.array(ConsoleUser) });
export const CreateUserRequest = z.strictObject({
  username: Username, displayName: plainText(80), role: ConsoleRoleSchema, agencyId: EntityId.nullable().optional(), venueIds: z.array(EntityId).max(200).optional(),
  /** omitted: the server generates one and returns it once */
  password: NewPassword.optional(),
});
export const CreateUserResponse = z.object({ user: ConsoleUser, generatedPassword: z.string().nullable() });
export const UpdateUserRequest = z.strictObject({
  displayName: plainText(80).optional(), role: ConsoleRoleSchema.optional(), agencyId: EntityId.nullable().optional(), venueIds: z.array(EntityId).max(200).optional(),
  disabled: z.boolean().optional(),
});
export const IdParams = z.strictObject({ id: EntityId });
export const UserIdParams = z.strictObject({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });
export const PasswordResetResponse = z.object({ generatedPassword: z.string() });
export const TotpSetupResponse = z.object({ otpauthUri: z.string(), secret: z.string() });

export const Agency = z.object({ id: z.string(), name: z.string(), categories: z.array(VenueCategorySchema) });
export const AgencyList = z.object({ agencies: z.array(Agency) });
export const CreateAgencyRequest = z.strictObject({ id: EntityId, name: plainText(120), categories: z.array(VenueCategorySchema).max(7) });
export const UpdateAgencyRequest = z.strictObject({ name: plainText(120).optional(), categories: z.array(VenueCategorySchema).max(7).optional() });

export const ApiKeyInfo = z.object({
  id: z.string(), name: z.string(), role: ConsoleRoleSchema, agencyId: z.string().nullable(), venueIds: z.array(z.string()), legacy: z.boolean(),
  createdAt: IsoDateTime, revokedAt: IsoDateTime.nullable(), lastUsedAt: IsoDateTime.nullable(),
});
export const ApiKeyList = z.object({ keys: z.array(ApiKeyInfo) });
export const CreateApiKeyRequest = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9._-]{2,59}$/, 'name: 3–60 of a–z 0–9 . _ -'), role: ConsoleRoleSchema,
  agencyId: EntityId.nullable().optional(), venueIds: z.array(EntityId).max(200).optional(),
});
/** `token` is shown once: only its hash is kept. */
export const CreateApiKeyResponse = z.object({ key: ApiKeyInfo, token: z.string() });

export const ConsoleVenue = z.object({
  id: z.string(), name: z.string(), address: z.string(), capacity: z.number().int(), region: z.string(), dwellMinutes: z.number().int(),
  category: VenueCategorySchema, createdAt: IsoDateTime,
});
export type ConsoleVenue = z.infer<typeof ConsoleVenue>;
export const VenueList = z.object({ venues: z.array(ConsoleVenue) });
export const CreateVenueRequest = z.strictObject({
  name: plainText(120), address: plainText(200), capacity: z.number().int().positive().max(1_000_000), category: VenueCategorySchema,
  region: z.string().regex(/^\d{4}$/).optional(), dwellMinutes: z.number().int().positive().max(24 * 60).optional(),
});
export const UpdateVenueRequest = z.strictObject({
  name: plainText(120).optional(), address: plainText(200).optional(), capacity: z.number().int().positive().max(1_000_000).optional(),
  category: VenueCategorySchema.optional(), dwellMinutes: z.number().int().positive().max(24 * 60).optional(),
});

export const KioskHealth = z.object({
  deviceId: z.string(), name: z.string().nullable(), gateId: z.string(), status: z.enum(['ok', 'stale', 'silent', 'never_seen', 'revoked']),
  lastSeenAt: IsoDateTime.nullable(), lastSyncAt: IsoDateTime.nullable(), queueDepth: z.number().int().nullable(), riskListAgeSeconds: z.number().nullable(),
  appVersion: AppVersion.nullable(), problems: z.array(z.string()),
});
export const VenueOverview = ConsoleVenue.extend({
  /** admitted and not checked out (a visit without check-out counts for the venue's dwell time) */
  present: z.number().int(), entriesToday: z.number().int(), kiosks: z.array(KioskHealth),
  /** no kiosk with status ok: the venue is not really using Jejak */
  noWorkingKiosk: z.boolean(),
});
export const OverviewResponse = z.object({ venues: z.array(VenueOverview), serverTime: IsoDateTime });
export type OverviewResponse = z.infer<typeof OverviewResponse>;

export const AuditEntry = z.object({
  seq: z.number().int(), at: IsoDateTime, actorKind: z.string(), actorId: z.string().nullable(), actorName: z.string().nullable(), actorRole: z.string().nullable(),
  action: z.string(), target: z.string().nullable(), purpose: z.string().nullable(), address: z.string().nullable(), details: z.record(z.string(), z.unknown()),
  hash: z.string(),
});
export const AuditQuery = z.strictObject({
  afterSeq: z.coerce.number().int().nonnegative().optional(), limit: z.coerce.number().int().min(1).max(5000).optional(),
  from: IsoDateTime.optional(), to: IsoDateTime.optional(), format: z.enum(['json', 'csv']).optional(),
});
export const AuditList = z.object({
  entries: z.array(AuditEntry),
  /** the whole chain re-verified on this request */
  chain: z.object({ ok: z.boolean(), count: z.number().int(), head: z.string().nullable(), badSeq: z.number().int().nullable() }),
});

/**
 * A priority alert as Dinkes sees it in the console: where (venue and gate by name) and when, the risk
 * status, its handling (usernames, and the assigned officer's display name); no NIK hash.
 */
export const ConsoleAlert = z.object({
  id: z.string(), venueId: z.string(), venueName: z.string(), gateId: z.string(), gateName: z.string(), occurredAt: IsoDateTime, receivedAt: IsoDateTime,
  riskStatus: z.enum(PRIORITY_RISK_STATUSES), acknowledgedAt: IsoDateTime.nullable(), acknowledgedBy: z.string().nullable(), assignedTo: z.string().nullable(),
  assignedToName: z.string().nullable(),
});
export type ConsoleAlert = z.infer<typeof ConsoleAlert>;
export const ConsoleAlertList = z.object({ alerts: z.array(ConsoleAlert), serverTime: IsoDateTime });
export const ConsoleAlertsQuery = z.strictObject({ since: IsoDateTime.optional(), limit: z.coerce.number().int().min(1).max(1000).optional() });
export const AlertIdParams = z.strictObject({ id: z.string().regex(/^[0-9a-fA-F-]{36}$/, 'alert id: a UUID') });
/** A health officer an alert may be assigned to: who, and nothing else about the account. */
export const HealthOfficer = z.object({ id: z.string(), username: z.string(), displayName: z.string() });
export type HealthOfficer = z.infer<typeof HealthOfficer>;
export const HealthOfficerList = z.object({ officers: z.array(HealthOfficer) });
export const HandleAlertRequest = z.strictObject({ acknowledge: z.literal(true).optional(), assignTo: Username.optional() })
  .refine((b) => b.acknowledge || b.assignTo, 'acknowledge or assignTo');

const ALL: readonly ConsoleRole[] = CONSOLE_ROLES;

/** Route specs of the console; `roles` is who may call it (`public: true`: no account needed, e.g. login). */
export const CONSOLE_ROUTES = {
  consoleLogin: {
    method: 'POST', path: '/v1/console/login', auth: 'console', roles: [], public: true, summary: 'Log in with username, password (and TOTP if set up); sets the session cookie',
    body: LoginRequest, response: { status: 200, schema: SessionResponse }, bodyLimit: 4 * 1024, limited: true,
  },
  consoleLogout: { method: 'POST', path: '/v1/console/logout', auth: 'console', roles: ALL, summary: 'End this session', response: { status: 200, schema: OkResponse } },
  consoleMe: { method: 'GET', path: '/v1/console/me', auth: 'console', roles: ALL, summary: 'Who is logged in, and the CSRF token of the session', response: { status: 200, schema: SessionResponse } },
  consoleTotpSetup: {
    method: 'POST', path: '/v1/console/me/totp', auth: 'console', roles: ['city-admin', 'health'], summary: 'Turn on a TOTP second factor for this account (returns the secret once)',
    response: { status: 200, schema: TotpSetupResponse },
  },
  consoleUsers: { method: 'GET', path: '/v1/console/users', auth: 'console', roles: ['city-admin', 'auditor'], summary: 'Console accounts', response: { status: 200, schema: UserList } },
  consoleCreateUser: {
    method: 'POST', path: '/v1/console/users', auth: 'console', roles: ['city-admin'], summary: 'Create an account',
    body: CreateUserRequest, response: { status: 201, schema: CreateUserResponse }, bodyLimit: 16 * 1024,
  },
  consoleUpdateUser: {
    method: 'POST', path: '/v1/console/users/:id', auth: 'console', roles: ['city-admin'], summary: 'Change an account (role, agency, venues, disabled)',
    params: UserIdParams, body: UpdateUserRequest, response: { status: 200, schema: ConsoleUser }, bodyLimit: 16 * 1024,
  },
  consoleResetPassword: {
    method: 'POST', path: '/v1/console/users/:id/password', auth: 'console', roles: ['city-admin'], summary: 'Give an account a new generated password (shown once; its sessions end)',
    params: UserIdParams, response: { status: 200, schema: PasswordResetResponse },
  },
  consoleAgencies: { method: 'GET', path: '/v1/console/agencies', auth: 'console', roles: ['city-admin', 'auditor'], summary: 'Agencies and the venue categories they cover', response: { status: 200, schema: AgencyList } },
  consoleCreateAgency: {
    method: 'POST', path: '/v1/console/agencies', auth: 'console', roles: ['city-admin'], summary: 'Add an agency', body: CreateAgencyRequest, response: { status: 201, schema: Agency },
  },
  consoleUpdateAgency: {
    method: 'POST', path: '/v1/console/agencies/:id', auth: 'console', roles: ['city-admin'], summary: 'Rename an agency or change its categories',
    params: IdParams, body: UpdateAgencyRequest, response: { status: 200, schema: Agency },
  },
  consoleApiKeys: { method: 'GET', path: '/v1/console/api-keys', auth: 'console', roles: ['city-admin', 'auditor'], summary: 'Named API keys (never their secrets)', response: { status: 200, schema: ApiKeyList } },
  consoleCreateApiKey: {
    method: 'POST', path: '/v1/console/api-keys', auth: 'console', roles: ['city-admin'], summary: 'Create a named API key with a role (the token is shown once)',
    body: CreateApiKeyRequest, response: { status: 201, schema: CreateApiKeyResponse },
  },
  consoleRevokeApiKey: {
    method: 'POST', path: '/v1/console/api-keys/:id/revoke', auth: 'console', roles: ['city-admin'], summary: 'Revoke an API key (its next request gets 401)',
    params: IdParams, response: { status: 200, schema: OkResponse },
  },
  consoleVenues: { method: 'GET', path: '/v1/console/venues', auth: 'console', roles: ALL, summary: "Venues in the caller's jurisdiction", response: { status: 200, schema: VenueList } },
  consoleCreateVenue: {
    method: 'POST', path: '/v1/console/venues', auth: 'console', roles: ['city-admin'], summary: 'Create a venue', body: CreateVenueRequest, response: { status: 201, schema: ConsoleVenue },
  },
  consoleUpdateVenue: {
    method: 'POST', path: '/v1/console/venues/:id', auth: 'console', roles: ['city-admin'], summary: 'Edit or categorise a venue',
    params: IdParams, body: UpdateVenueRequest, response: { status: 200, schema: ConsoleVenue },
  },
  consoleOverview: {
    method: 'GET', path: '/v1/console/overview', auth: 'console', roles: ['city-admin', 'health', 'sector', 'venue-manager', 'auditor'],
    summary: "Occupancy, entries today and kiosk health of the caller's venues (counts only, no person)", response: { status: 200, schema: OverviewResponse },
  },
  consoleAlerts: {
    method: 'GET', path: '/v1/console/alerts', auth: 'console', roles: ['health'], summary: 'Priority alerts (CONFIRMED/SUSPECT person denied at a gate) with their handling',
    query: ConsoleAlertsQuery, response: { status: 200, schema: ConsoleAlertList },
  },
  consoleAlertStream: {
    method: 'GET', path: '/v1/console/alerts/stream', auth: 'console', roles: ['health'],
    summary: 'Server-sent events: `event: alert` with a ConsoleAlert as data, the moment the server receives one',
    response: { status: 200, schema: null, contentType: 'text/event-stream' },
  },
  consoleHandleAlert: {
    method: 'POST', path: '/v1/console/alerts/:id/handle', auth: 'console', roles: ['health'], summary: 'Acknowledge an alert and/or assign it to a Dinkes officer',
    params: AlertIdParams, body: HandleAlertRequest, response: { status: 200, schema: ConsoleAlert },
  },
  consoleAlertOfficers: {
    method: 'GET', path: '/v1/console/alerts/officers', auth: 'console', roles: ['health'],
    summary: "The active health officers of the caller's own agency an alert may be assigned to (id, username, display name)",
    response: { status: 200, schema: HealthOfficerList },
  },
  consoleAudit: {
    method: 'GET', path: '/v1/console/audit', auth: 'console', roles: ['city-admin', 'auditor'], summary: 'Console audit log (JSON, or CSV with format=csv) and chain check',
    query: AuditQuery, response: { status: 200, schema: AuditList },
  },
  // venues' policies and devices (console-fleet.ts)
  ...FLEET_CONSOLE_ROUTES,
  ...CONSOLE_RISK_ROUTES,
  ...CONSOLE_CASE_ROUTES,
  ...CONSOLE_REVIEW_ROUTES,
} as const satisfies Record<string, RouteSpec & { auth: 'console'; roles: readonly ConsoleRole[] }>;

export type ConsoleRouteName = keyof typeof CONSOLE_ROUTES;
