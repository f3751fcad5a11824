// Storage of the city server, behind one interface with two backends (embedded SQLite, PostgreSQL).
// All times are unix milliseconds. Nothing here holds a NIK in clear: people are keyed by nikHash,
// display names are sealed under a NIK-derived key (registration-name.ts).
import type { Heartbeat } from '../../protocol/api/heartbeat';
import type { RiskChange, RiskEntry } from '../../protocol/risk-feed';
import type { SignedRiskManifest } from '../../protocol/api/risk';
import type { ItemStatus } from '../../protocol/api/common';
import type { ConsoleRole, VenueCategory, VenueScope } from '../../protocol/console/roles';
import type { SignedVenuePolicy } from '../../protocol/venue-policy';
import type { ThrottleRule } from './login-throttle';
import type { Outcome } from '../../protocol/outcome';
import type { PriorityRiskStatus } from '../../protocol/risk-status';
import type { VisitIdentity } from '../../protocol/visit-identity';
import type { EventLogger } from '../../protocol/log-events';

export interface VenueRow {
  id: string;
  name: string;
  address: string;
  capacity: number;
  region: string;
  dwellMinutes: number;
  /** decides which sector agency covers the venue */
  category: VenueCategory;
  createdAt: number;
}

export interface GateRow {
  id: string;
  venueId: string;
  name: string;
  direction: 'ENTRY' | 'EXIT' | 'BOTH';
}

export interface DeviceRow {
  id: string;
  publicKey: string;
  venueId: string;
  gateId: string;
  name: string | null;
  enrolledAt: number;
  revokedAt: number | null;
  lastSeenAt: number | null;
  heartbeat: Heartbeat | null;
}

export type ConsumeCodeResult =
  | { ok: true; device: DeviceRow }
  | { ok: false; reason: 'enrol_code_unknown' | 'enrol_code_expired' | 'enrol_code_used' | 'device_key_in_use' };

/** jobs that run in one server process at a time */
export type ExclusiveJob = 'maintenance';

export interface RiskVersionRow {
  listId: string;
  version: number;
  publishedAt: number;
  entryCount: number;
  setDigest: string;
  snapshot: SignedRiskManifest;
  /** null for the first version */
  delta: SignedRiskManifest | null;
}

export interface PublishRiskVersion {
  listId: string;
  version: number;
  /** the version this one replaces (0 = none); the store refuses if it is no longer the latest */
  previousVersion: number;
  publishedAt: number;
  /** the whole new set; the store replaces its current entries with these */
  entries: readonly RiskEntry[];
  /** changes from previousVersion (already in the delta chunks) */
  changes: readonly RiskChange[];
  entryCount: number;
  setDigest: string;
  snapshot: SignedRiskManifest;
  delta: SignedRiskManifest | null;
  /**
   * chunk bytes by sha256, for both manifests; a snapshot chunk missing here is one the previous
   * version's snapshot already holds, and the store copies it (a republish sends only what changed)
   */
  chunks: ReadonlyMap<string, Buffer>;
  /** keep delta chunks of this many most recent versions; older ones are dropped (kiosks that far behind get a snapshot) */
  keepDeltaVersions: number;
}

export interface RegistrationRow {
  rid: string;
  nikHash: string;
  region: string;
  nameSealed: string;
  /** FaceTemplate[] sealed under the server data key (sealing.ts) */
  templates: string;
  revoked: boolean;
  /** city: CLI/admin; kiosk: staff at a kiosk; self: the resident at /daftar/ */
  source: 'city' | 'kiosk' | 'self';
  updatedAt: number;
  /** change sequence (feed cursor) */
  seq: number;
  /** an officer saw the KTP (staff and CLI registrations are verified at once; self-registrations wait) */
  verified: boolean;
  verifiedAt: number | null;
  /** who verified (officer or staff id, device id), never a name */
  verifiedBy: string | null;
  /** first registration (kept across re-registrations; a new one after erasure) */
  registeredAt: number;
  /** optional phone or e-mail sealed under the data key (sealing.ts) */
  contactSealed: string | null;
}

/**
 * What upsertRegistration takes. Left out: `verified` true (verifiedAt = updatedAt) as for the
 * CLI and staff; `contactSealed` kept as it is (null clears it).
 */
export type RegistrationUpsert = Omit<RegistrationRow, 'seq' | 'verified' | 'verifiedAt' | 'verifiedBy' | 'registeredAt' | 'contactSealed'>
  & Partial<Pick<RegistrationRow, 'verified' | 'verifiedAt' | 'verifiedBy' | 'contactSealed'>>;

/** A registration held back for an officer: the same face under another NIK, or a NIK whose new selfie did not match. */
export interface RegistrationReviewRow {
  id: string;
  nikHash: string;
  region: string;
  nameSealed: string;
  /** FaceTemplate sealed under the data key */
  template: string;
  contactSealed: string | null;
  reason: 'duplicate_face' | 'reregistration_mismatch';
  /** the registration it collided with */
  matchedRid: string | null;
  distance: number | null;
  consentTextVersion: string;
  createdAt: number;
  resolvedAt: number | null;
  resolution: string | null;
}

export interface PendingRegistrationRow {
  id: string;
  deviceId: string;
  nikHash: string;
  region: string;
  nameSealed: string;
  /** FaceTemplate sealed under the server data key (sealing.ts) */
  template: string;
  consentAt: number;
  consentTextVersion: string;
  capturedAt: number;
  receivedAt: number;
  bodyHash: string;
}

/** A visit as stored: the wire Visit flattened, with times in ms. */
export interface VisitRow {
  id: string;
  deviceId: string;
  venueId: string;
  gateId: string;
  occurredAt: number;
  deviceTime: number;
  clockOffsetMs: number;
  clockSuspect: boolean;
  identity: VisitIdentity;
  nikHash: string | null;
  outcome: Outcome;
  reason: string;
  overrideStaffId: string | null;
  /** an override reason code (sync/protocol/override-reasons.ts) */
  overrideReason: string | null;
  /** the officer's note, sealed under the data key (sealing.ts), NIK-like digits masked before */
  overrideNote?: string | null;
  faceDistance: number | null;
  livenessScore: number | null;
  riskListVersion: number | null;
  checkedOutAt: number | null;
  /** sha256 of the canonical wire body: same id + other hash = conflict */
  bodyHash: string;
}

export interface IngestResult {
  id: string;
  status: Exclude<ItemStatus, 'rejected'>;
}

export interface AlertRow {
  id: string;
  deviceId: string;
  visitId: string;
  venueId: string;
  gateId: string;
  occurredAt: number;
  nikHash: string;
  riskStatus: PriorityRiskStatus;
  riskListVersion: number | null;
  receivedAt: number;
  bodyHash: string;
}

export interface TraceParams {
  nikHash: string;
  from: number;
  to: number;
  marginMs: number;
  /** assumed stay of a visit without check-out */
  dwellMs: number;
  /** only ADMIT visits put people in the venue (a DENY/REFER did not enter) */
  outcomes: readonly Outcome[];
}

export interface TracedVisit {
  visitId: string;
  venueId: string;
  gateId: string;
  nikHash: string;
  from: number;
  to: number;
  checkedOut: boolean;
  outcome: string;
}

export interface TraceRows {
  visits: TracedVisit[];
  contacts: Array<TracedVisit & { overlapsVisitId: string }>;
}

export interface AgencyRow {
  id: string;
  name: string;
  categories: VenueCategory[];
  createdAt: number;
}

export interface ConsoleUserRow {
  id: string;
  /** lower case */
  username: string;
  displayName: string;
  /** scrypt hash string (console/passwords.ts) */
  passwordHash: string;
  role: ConsoleRole;
  agencyId: string | null;
  /** venues of a venue-manager */
  venueIds: string[];
  /** TOTP secret sealed under the data key; null = no second factor */
  totpSealed: string | null;
  disabledAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export type ConsoleUserPatch = Partial<Pick<ConsoleUserRow, 'displayName' | 'passwordHash' | 'role' | 'agencyId' | 'venueIds' | 'totpSealed' | 'disabledAt'>> & { updatedAt: number };

export interface ConsoleSessionRow {
  /** sha256 of the cookie value */
  idHash: string;
  userId: string;
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
  /** absolute end of the session */
  expiresAt: number;
  address: string | null;
}

export interface ApiKeyRow {
  /** public part of the key (`jk_<id>_<secret>`) */
  id: string;
  name: string;
  role: ConsoleRole;
  agencyId: string | null;
  venueIds: string[];
  /** sha256 of the secret part */
  secretHash: string;
  /** the former single admin token, accepted on /v1/admin/* only */
  legacy: boolean;
  createdAt: number;
  createdBy: string | null;
  revokedAt: number | null;
  lastUsedAt: number | null;
}

export interface AuditEntryInput {
  at: number;
  actorKind: 'user' | 'api-key' | 'cli' | 'system' | 'resident' | 'device';
  actorId: string | null;
  actorName: string | null;
  actorRole: string | null;
  /** what was done, e.g. `user.create`, `login.fail` */
  action: string;
  /** what it was done to, e.g. `user:…`, `venue:…` */
  target: string | null;
  /** the stated purpose (tracing), else null */
  purpose: string | null;
  /** client address */
  address: string | null;
  /** no personal data here: ids, field names, counts */
  details: Record<string, unknown>;
}

export interface AuditEntryRow extends AuditEntryInput {
  seq: number;
  prevHash: string;
  hash: string;
}

/** One issued version of a venue's entry policy (venue policies: sqlite 005 / postgres 007). */
export interface VenuePolicyRow {
  venueId: string;
  version: number;
  /** the SignedVenuePolicy as kiosks receive it */
  signed: SignedVenuePolicy;
  issuedAt: number;
  /** the console account or key that issued it */
  createdBy: string | null;
}

/** Visits of one venue in one hour, by outcome. */
export interface HourlyEntriesRow {
  /** start of the hour, unix ms */
  hourStart: number;
  admitted: number;
  denied: number;
  referred: number;
}

export interface AlertHandlingRow {
  alertId: string;
  acknowledgedAt: number | null;
  /** console username */
  acknowledgedBy: string | null;
  /** console username of the officer following it up */
  assignedTo: string | null;
  updatedAt: number;
}

/** A Dinkes tracing case (console): the NIK only sealed; see protocol/api/console-cases.ts. */
export interface TracingCaseRow {
  id: string;
  ownerId: string;
  ownerName: string;
  nikSealed: string;
  nikHash: string;
  nikMasked: string;
  purpose: string;
  legalBasisCategory: string;
  legalBasis: string;
  windowFrom: number;
  openedAt: number;
  closedAt: number | null;
  closeNote: string | null;
}

export type ReserveLoginResult = { allowed: true } | { allowed: false; retryAt: number };

export interface ServerStore {
  readonly backend: 'sqlite' | 'postgres';
  migrate(): Promise<void>;
  close(): Promise<void>;
  ping(): Promise<boolean>;

  createVenue(v: VenueRow): Promise<void>;
  getVenue(id: string): Promise<VenueRow | null>;
  listVenues(): Promise<VenueRow[]>;
  createGate(g: GateRow): Promise<void>;
  getGate(id: string): Promise<GateRow | null>;
  listGates(venueId: string): Promise<GateRow[]>;
  /** the gates of these ids that exist, in one read (the names on a batch of alerts) */
  getGates(ids: readonly string[]): Promise<GateRow[]>;

  createEnrolmentCode(c: { codeHash: string; venueId: string; gateId: string; createdAt: number; expiresAt: number }): Promise<void>;
  /** Atomically checks the code (exists, not expired, unused), marks it used and creates the device. */
  consumeEnrolmentCode(codeHash: string, now: number, device: { id: string; publicKey: string; name: string | null }): Promise<ConsumeCodeResult>;
  getDevice(id: string): Promise<DeviceRow | null>;
  listDevices(): Promise<DeviceRow[]>;
  /** the kiosks of these venues only (a console page scoped to its venues), same order */
  listDevicesAt(venueIds: readonly string[]): Promise<DeviceRow[]>;
  /** false if the device does not exist */
  revokeDevice(id: string, at: number): Promise<boolean>;
  recordHeartbeat(deviceId: string, hb: Heartbeat, at: number): Promise<void>;
  touchDevice(deviceId: string, at: number): Promise<void>;
  /** Records a nonce; false if this device already used it (replay). Expired nonces are purged now and then. */
  useNonce(deviceId: string, nonce: string, expiresAt: number, now: number): Promise<boolean>;

  latestRiskVersion(listId: string): Promise<RiskVersionRow | null>;
  /** versions after `since` up to the latest, ascending (deltas only available for kept versions) */
  riskVersionsAfter(listId: string, since: number): Promise<RiskVersionRow[]>;
  /** oldest version whose delta chunks are still kept */
  oldestDeltaVersion(listId: string): Promise<number | null>;
  /** the latest version's snapshot chunks in order (the current set as snapshot lines, ascending nikHash; [] before the first) */
  currentRiskSnapshot(listId: string): Promise<Buffer[]>;
  publishRiskVersion(p: PublishRiskVersion): Promise<void>;
  getRiskChunk(sha256: string): Promise<Buffer | null>;

  upsertRegistration(r: RegistrationUpsert): Promise<RegistrationRow>;
  getRegistrationByNikHash(nikHash: string): Promise<RegistrationRow | null>;
  getRegistrationByRid(rid: string): Promise<RegistrationRow | null>;
  listRegistrations(region: string, afterSeq: number, limit: number): Promise<RegistrationRow[]>;
  /** every region, ascending seq (the duplicate index is rebuilt from this at start) */
  listAllRegistrations(afterSeq: number, limit: number): Promise<RegistrationRow[]>;
  addRegistrationReview(r: RegistrationReviewRow): Promise<void>;
  /** open reviews first by age; resolved ones too when `all` */
  listRegistrationReviews(all?: boolean): Promise<RegistrationReviewRow[]>;
  getRegistrationReview(id: string): Promise<RegistrationReviewRow | null>;
  /** Marks an open review decided and drops its sealed name, contact and template; false when it is unknown or already decided (another officer was first). */
  resolveRegistrationReview(id: string, at: number, resolution: 'approved' | 'rejected'): Promise<boolean>;
  /** live registrations nobody has verified yet (self-registrations), oldest first */
  listUnverifiedRegistrations(limit: number): Promise<RegistrationRow[]>;
  /** idempotent by id: duplicate for the same body, conflict for another (kept aside) */
  addPendingRegistration(r: PendingRegistrationRow): Promise<'accepted' | 'duplicate' | 'conflict'>;
  listPendingRegistrations(): Promise<PendingRegistrationRow[]>;

  /** One transaction: each visit accepted, duplicate (same id and body) or conflict (kept aside). Committed on return. */
  ingestVisits(rows: readonly VisitRow[], receivedAt: number): Promise<IngestResult[]>;
  /**
   * Sets checkedOutAt where still empty, only on visits of the device's own venue. `applied`: the ids
   * updated or already checked out; `foreign`: visits of another venue (refused, unchanged).
   */
  applyCheckouts(deviceId: string, checkouts: ReadonlyArray<{ visitId: string; checkedOutAt: number }>): Promise<{ applied: string[]; foreign: string[] }>;
  countVisits(): Promise<number>;
  visitIds(): Promise<string[]>;
  listConflicts(): Promise<Array<{ id: string; deviceId: string; receivedAt: number; bodyHash: string }>>;
  trace(p: TraceParams): Promise<TraceRows>;
  /** Deletes visits that occurred before `before` (PostgreSQL: drops whole partitions). Returns visits removed (approximate for dropped partitions). */
  purgeVisitsBefore(before: number): Promise<number>;
  /** Makes sure time partitions exist around `now` (no-op on SQLite). */
  maintainPartitions(now: number): Promise<void>;
  /**
   * Runs `fn` only if no other server process on this database is running the same job: several
   * processes share one PostgreSQL, and partition upkeep and purge must happen once, not N times at
   * the same moment. Another holder means `{ ran: false }` at once (it does the work). PostgreSQL: a
   * session advisory lock, freed by the database if the holder dies. SQLite has one process by design.
   */
  exclusive<T>(job: ExclusiveJob, fn: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }>;

  /** One transaction; on PostgreSQL it also NOTIFYs every server process of each accepted alert (see watchAlerts). */
  ingestAlerts(rows: readonly AlertRow[]): Promise<IngestResult[]>;
  listAlerts(sinceReceivedAt: number, limit: number): Promise<AlertRow[]>;
  /**
   * Calls `wake` when any server process on this database has stored a priority alert (no data comes
   * with it: the caller reads alerts through listAlerts). PostgreSQL: LISTEN on one dedicated connection,
   * reopened with backoff when lost, with a wake after each reconnect. SQLite: never (one process by
   * design: the process that stores an alert wakes its own feed). Returns how to stop.
   */
  watchAlerts(wake: () => void, log: EventLogger): () => Promise<void>;

  // City console (migration: sqlite 002 / postgres 004)
  updateVenue(id: string, patch: Partial<Pick<VenueRow, 'name' | 'address' | 'capacity' | 'category' | 'dwellMinutes'>>): Promise<VenueRow | null>;
  /** venues the scope covers, in creation order */
  listVenuesInScope(scope: VenueScope): Promise<VenueRow[]>;
  /**
   * Per venue: ADMIT visits since dayStart (a whole hour: read from the hourly counters), and people
   * present at `now` (admitted within the venue's dwell time, not checked out). Every venue named is
   * answered, with zeros when it had no visits.
   */
  venueActivity(venueIds: readonly string[], dayStart: number, now: number): Promise<Array<{ venueId: string; entriesToday: number; present: number }>>;
  /** adds the agencies that do not exist yet (existing ones are left as the city set them) */
  ensureAgencies(agencies: ReadonlyArray<Omit<AgencyRow, 'createdAt'>>, now: number): Promise<void>;
  createAgency(a: AgencyRow): Promise<void>;
  updateAgency(id: string, patch: Partial<Pick<AgencyRow, 'name' | 'categories'>>): Promise<AgencyRow | null>;
  getAgency(id: string): Promise<AgencyRow | null>;
  listAgencies(): Promise<AgencyRow[]>;

  createConsoleUser(u: ConsoleUserRow): Promise<void>;
  getConsoleUser(id: string): Promise<ConsoleUserRow | null>;
  getConsoleUserByName(username: string): Promise<ConsoleUserRow | null>;
  listConsoleUsers(): Promise<ConsoleUserRow[]>;
  updateConsoleUser(id: string, patch: ConsoleUserPatch): Promise<ConsoleUserRow | null>;

  createSession(s: ConsoleSessionRow): Promise<void>;
  getSession(idHash: string): Promise<ConsoleSessionRow | null>;
  touchSession(idHash: string, at: number): Promise<void>;
  deleteSession(idHash: string): Promise<void>;
  deleteUserSessions(userId: string): Promise<number>;
  /** removes sessions past their absolute end or idle for longer than idleMs */
  purgeSessions(now: number, idleMs: number): Promise<number>;

  createApiKey(k: ApiKeyRow): Promise<void>;
  getApiKey(id: string): Promise<ApiKeyRow | null>;
  listApiKeys(): Promise<ApiKeyRow[]>;
  /** false if unknown or already revoked */
  revokeApiKey(id: string, at: number): Promise<boolean>;
  touchApiKey(id: string, at: number): Promise<void>;

  /** One transaction: refused if any key is locked, else counts one failure on every key. */
  reserveLoginAttempt(rules: readonly ThrottleRule[], now: number): Promise<ReserveLoginResult>;
  /** After a success: `reset` forgets the key, `undo` gives back the one reserved failure. */
  settleLoginAttempt(rule: ThrottleRule, how: 'reset' | 'undo'): Promise<void>;

  getAlert(id: string): Promise<AlertRow | null>;
  alertHandling(alertIds: readonly string[]): Promise<AlertHandlingRow[]>;
  /** upsert; null fields in the patch are left as they are */
  setAlertHandling(alertId: string, patch: { acknowledgedAt?: number; acknowledgedBy?: string; assignedTo?: string }, now: number): Promise<AlertHandlingRow>;

  createTracingCase(c: TracingCaseRow): Promise<void>;
  getTracingCase(id: string): Promise<TracingCaseRow | null>;
  /** newest first; ownerId null: every case */
  listTracingCases(ownerId: string | null): Promise<TracingCaseRow[]>;
  /** sets closed_at once; null when there is no such case */
  closeTracingCase(id: string, at: number, note: string | null): Promise<TracingCaseRow | null>;

  /** Appends to the hash chain (serialised across processes); returns the stored entry. */
  appendAudit(e: AuditEntryInput): Promise<AuditEntryRow>;
  /** ascending seq, entries with seq > afterSeq and at within [from, to] */
  listAudit(q: { afterSeq?: number; from?: number; to?: number; limit: number }): Promise<AuditEntryRow[]>;

  // Venues and devices in the console (migration: sqlite 005 / postgres 007)
  /** false when `row.version` already exists for the venue (another editor saved first) */
  saveVenuePolicy(row: VenuePolicyRow): Promise<boolean>;
  latestVenuePolicy(venueId: string): Promise<VenuePolicyRow | null>;
  /** newest first */
  listVenuePolicies(venueId: string, limit: number): Promise<VenuePolicyRow[]>;
  /** visits of the venue counted per hour, for the hours starting in [from, to) (from: a whole hour; hours without visits left out; kept by the ingest) */
  venueEntriesByHour(venueId: string, from: number, to: number): Promise<HourlyEntriesRow[]>;
  /** audit entries about one target (e.g. `device:…`), newest first */
  listAuditByTarget(target: string, limit: number): Promise<AuditEntryRow[]>;
}
