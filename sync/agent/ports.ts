// What the sync agent needs from the kiosk, and the records that cross that boundary. `electron/`
// imports the agent, never the reverse, so the agent states its needs here and the kiosk store
// (electron/store) `implements SyncStorePort`: these records are defined once, here, and the store's
// types re-export them (electron/store/types.ts), so a visit has one shape on both sides.
//
// Times cross this boundary as ISO 8601 strings (UTC, e.g. "2026-11-29T16:30:00.000Z"), as in the store.
import type { AlertKey, AlertSeverity, ScopedAlertKey } from '../protocol/alert-keys';
import type { Bilingual } from '../protocol/bilingual';
import type { Outcome } from '../protocol/outcome';
import type { OverrideReasonCode } from '../protocol/override-reasons';
import type { RiskStatus } from '../protocol/risk-status';
import type { VisitIdentity } from '../protocol/visit-identity';
import type { GateMode } from '../protocol/gate-vocabulary';

// ---------------------------------------------------------------------------------------------------
// Device configuration (enrolment)

export type { GateMode };

export interface DeviceConfig {
  deviceId: string;
  venueId: string;
  venueName?: string | null;
  gateId: string;
  gateMode: GateMode;
  serverUrl: string;
  /** other URLs of the same city server, tried in order when serverUrl cannot be reached (default none) */
  fallbackServerUrls?: string[];
  /** pinned city public keys (Ed25519 raw, base64url) by key id; several may be valid at once */
  cityPublicKeys: Record<string, string>;
  /** base64url, 32 bytes: the key for nikHash(); stored encrypted */
  nikHashKey: string;
  /** base64url Ed25519 public key of this device */
  devicePublicKey: string;
  /** base64url Ed25519 private seed of this device; stored encrypted */
  devicePrivateKey: string;
  /** venue policy as issued by the server (the gate rules interpret it) */
  policy: Record<string, unknown>;
  /** null = the venue has no capacity cap */
  venueCapacity: number | null;
  /** admitted visits older than this are checked out automatically (default 180) */
  dwellMinutes: number;
  /** acknowledged visits are purged this many days after the visit (default 14) */
  retentionDays: number;
  /** server time − device time, ms, as last measured by the sync agent (0 until measured) */
  clockOffsetMs: number;
  /** when the offset was measured (ISO), null = never */
  clockOffsetMeasuredAt: string | null;
  enrolledAt: string;
}

/** What saveDeviceConfig() takes: defaults apply to the optional fields. */
export type DeviceConfigInput = Omit<
  DeviceConfig,
  'dwellMinutes' | 'retentionDays' | 'clockOffsetMs' | 'clockOffsetMeasuredAt' | 'enrolledAt' | 'venueCapacity' | 'policy'
> & {
  dwellMinutes?: number;
  retentionDays?: number;
  clockOffsetMs?: number;
  clockOffsetMeasuredAt?: string | null;
  enrolledAt?: string;
  venueCapacity?: number | null;
  policy?: Record<string, unknown>;
};

// ---------------------------------------------------------------------------------------------------
// Risk list

export interface RiskEntry {
  /** hex nikHash (64 chars) */
  nikHash: string;
  status: RiskStatus;
  /** ISO time after which the entry no longer applies; null = open-ended */
  validUntil: string | null;
}

export interface RiskListMetaInput {
  listId: string;
  version: number;
  /** for a delta: the version it applies on top of (checked against the live version) */
  previousVersion?: number | null;
  issuedAt: string;
  expiresAt: string;
  /** entry count of the whole list AFTER this snapshot/delta; checked after applying */
  count: number;
  /** digest of the whole set as the server states it (verified by the sync agent, kept here) */
  digest: string;
}

export interface RiskListMeta {
  listId: string;
  version: number;
  issuedAt: string;
  expiresAt: string;
  count: number;
  digest: string;
  /** when this kiosk applied it (store clock) */
  appliedAt: string;
  /**
   * when a signed head last confirmed this list is still current (markRiskListConfirmed); null = not since
   * schema 6. riskListMeta() always sets it. The list's age (gate, screens, heartbeat, staff alert) is
   * riskListAgeMs in sync/protocol/risk-list-age.ts: from the later of issuedAt and confirmedAt.
   */
  confirmedAt?: string | null;
}

// ---------------------------------------------------------------------------------------------------
// Registrations (the feed and lookups write them)

/** registration: the city's registration selfie; visit: a confirmed live capture; local: made on this kiosk */
export type TemplateSource = 'registration' | 'visit' | 'local';

export interface FaceTemplateInput {
  modelId: string;
  vector: Float32Array;
  source: TemplateSource;
}

export interface RegistrationInput {
  nikHash: string;
  registrationId: string;
  displayName: string;
  /** the person's server-side templates; they replace the person's previous server templates */
  templates: FaceTemplateInput[];
  /** false: a self-registration not yet checked against the KTP (the gate REFERs it); absent = verified */
  verified?: boolean;
}

// ---------------------------------------------------------------------------------------------------
// Visits, outboxes, alerts

/** a visit's direction is the mode of the gate that recorded it */
export type Direction = GateMode;
/** ok: offset measured and small; off: |offset| above the threshold; unknown: never measured */
export type ClockStatus = 'ok' | 'off' | 'unknown';

export type { VisitIdentity } from '../protocol/visit-identity';
export { VISIT_IDENTITIES } from '../protocol/visit-identity';

export interface VisitOverride {
  /** staff id (no personal data of the visitor) */
  by: string;
  /** a reason code (OverrideReasonCode); free text in visits recorded before the codes */
  reason: OverrideReasonCode | string;
  /** the officer's short note (no NIK-like digit runs); sealed in the kiosk's store; absent before the codes */
  note?: string | null;
  /** what the rules decided before the override */
  originalOutcome: Outcome;
  originalReason: string;
}

/** The upload body of a visit, frozen when recorded so a retry sends byte-identical content. */
export interface VisitUpload {
  id: string;
  deviceTime: string;
  serverTime: string | null;
  clockOffsetMs: number;
  clockStatus: ClockStatus;
  venueId: string;
  gateId: string;
  direction: Direction;
  outcome: Outcome;
  reason: string;
  nikHash: string | null;
  /** frozen with the body; absent in bodies recorded before schema 3 (and null when not known) */
  identity?: VisitIdentity | null;
  registrationId: string | null;
  faceDistance: number | null;
  livenessScore: number | null;
  riskListVersion: number | null;
  override: VisitOverride | null;
}

export interface OutboxItem {
  /** the visit id (what ackOutbox/deadLetter take) */
  id: string;
  /** queue order */
  seq: number;
  visit: VisitUpload;
  attempts: number;
  enqueuedAt: string;
}

/** A check-out waiting for the server (POST /v1/visits/checkouts); offered once its visit has left the visit outbox. */
export interface CheckoutOutboxItem {
  /** the visit id (what ackCheckouts takes) */
  id: string;
  /** ISO; device clock corrected by the measured offset, like the visit's server time */
  checkedOutAt: string;
  attempts: number;
  enqueuedAt: string;
}

/** A priority alert for the server: a DENY RISK_CONFIRMED / RISK_SUSPECT (identity proven; sync/protocol/priority-alert.ts). */
export interface AlertUpload {
  id: string;
  kind: 'DENY_RISK';
  visitId: string;
  at: string;
  serverTime: string | null;
  venueId: string;
  gateId: string;
  nikHash: string;
  riskStatus: RiskStatus;
  riskListVersion: number | null;
}

export interface AlertOutboxItem {
  id: string;
  alert: AlertUpload;
  attempts: number;
  enqueuedAt: string;
}

export interface RaiseAlertInput {
  code: AlertKey;
  severity: AlertSeverity;
  /** shown to staff: Bahasa Indonesia and English */
  message: Bilingual;
  /** machine-readable detail; never personal data */
  detail?: Record<string, unknown>;
  /** an unresolved alert with the same key is updated instead of repeated (default: the code); `CODE:item` for one per item */
  dedupeKey?: ScopedAlertKey;
}

// ---------------------------------------------------------------------------------------------------
// The gate's claim on this device while a visitor is being checked

/**
 * While a visitor is being checked at the gate (from the scan to the decision) the agent's long background
 * work — verifying and applying a risk list — waits: on a 2-core tablet it would take the core the face
 * check needs. The agent calls giveWay() between its steps (the store calls the kiosk's own between the
 * slices of an apply); it returns at once when no visitor is being checked, else when the decision is made
 * or after a bound (so sync cannot starve). Synchronous: it may block, the agent runs on its own thread.
 */
export interface GateGiveWayPort {
  giveWay(): void;
}

// ---------------------------------------------------------------------------------------------------
// The port

/** The kiosk store as the sync agent sees it (the store `implements` it). */
export interface SyncStorePort {
  getDeviceConfig(): DeviceConfig | null;
  saveDeviceConfig(config: DeviceConfigInput): unknown;
  saveClockOffset(offsetMs: number, measuredAt?: string): void;
  /** replaces the enrolment's policy object (the agent keeps the applied venue policy in it) */
  updateDeviceSettings(patch: { policy: Record<string, unknown> }): unknown;

  riskListMeta(): RiskListMeta | null;
  /** record that a signed head confirmed the live list is current (survives a restart) */
  markRiskListConfirmed(atIso: string): unknown;
  riskListCount(): number;
  /** one transaction: either the whole new list is live, or nothing changed (throws) */
  applyRiskSnapshot(meta: RiskListMetaInput, entries: Iterable<RiskEntry>): unknown;
  applyRiskDelta(meta: RiskListMetaInput, adds: Iterable<RiskEntry>, removes: Iterable<string>): unknown;
  /** every live entry in ascending nikHash order (to check a delta's resulting set digest before applying) */
  iterateRiskEntries(): Iterable<RiskEntry>;
  /** the same, one keyset page at a time (lets the agent yield to the gate between pages); optional */
  riskEntriesPage?(afterNikHash: string | null, limit: number): RiskEntry[];

  upsertRegistrations(registrations: RegistrationInput[], opts?: { cursor?: string }): void;
  removeRegistrations(nikHashes: string[], opts?: { cursor?: string }): number;
  registrationsCursor(): string | null;
  getRegistration(nikHash: string): unknown;

  nextOutboxBatch(limit: number): OutboxItem[];
  ackOutbox(ids: string[], serverAckAt: string): number;
  markOutboxAttempt(ids: string[]): void;
  deadLetter(id: string, reason: string): boolean;
  outboxDepth(): number;
  oldestUnackedVisitAt(): string | null;
  deadLetterCount(): number;

  /** check-outs of visits that already left the visit outbox, oldest visit first */
  nextCheckoutBatch(limit: number): CheckoutOutboxItem[];
  /** the server has them (or does not know the visit at all): they leave the queue */
  ackCheckouts(visitIds: string[]): number;
  markCheckoutAttempt(visitIds: string[]): void;

  nextAlertBatch(limit?: number): AlertOutboxItem[];
  ackAlerts(ids: string[]): number;
  deadLetterAlert(id: string, reason: string): boolean;
  alertOutboxDepth(): number;

  raiseAlert(alert: RaiseAlertInput): unknown;
  resolveAlert(idOrKey: number | AlertKey | ScopedAlertKey): number;
}
