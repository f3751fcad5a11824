// What the sync agent needs from the kiosk. `electron/` imports the agent, never the reverse, so the
// agent states its needs here and the kiosk store (electron/store, openKioskStore) satisfies them
// structurally — tests/unit/sync-ports.test.ts fails to compile if the two drift apart.
//
// Times cross this boundary as ISO 8601 strings (UTC), as in the store.
import type { AlertKey, AlertSeverity, ScopedAlertKey } from '../protocol/alert-keys';

export interface AgentClock {
  now(): Date;
}

export const systemAgentClock: AgentClock = { now: () => new Date() };

export type AgentRiskStatus = 'CONFIRMED' | 'SUSPECT' | 'CLOSE_CONTACT';

/** The enrolment the agent works for (a subset of the store's DeviceConfig). */
export interface AgentDeviceConfig {
  deviceId: string;
  venueId: string;
  gateId: string;
  serverUrl: string;
  /** pinned city public keys (Ed25519 raw, base64url) by key id */
  cityPublicKeys: Record<string, string>;
  nikHashKey: string;
  devicePublicKey: string;
  devicePrivateKey: string;
  policy: Record<string, unknown>;
  retentionDays: number;
  clockOffsetMs: number;
  clockOffsetMeasuredAt: string | null;
}

/** What enrolment writes (a subset of the store's DeviceConfigInput). */
export interface AgentDeviceConfigInput {
  deviceId: string;
  venueId: string;
  venueName?: string | null;
  gateId: string;
  gateMode: 'entry' | 'exit';
  serverUrl: string;
  cityPublicKeys: Record<string, string>;
  nikHashKey: string;
  devicePublicKey: string;
  devicePrivateKey: string;
  policy?: Record<string, unknown>;
  venueCapacity?: number | null;
  dwellMinutes?: number;
  clockOffsetMs?: number;
  clockOffsetMeasuredAt?: string | null;
}

export interface AgentRiskEntry {
  nikHash: string;
  status: AgentRiskStatus;
  validUntil: string | null;
}

export interface AgentRiskMetaInput {
  listId: string;
  version: number;
  previousVersion?: number | null;
  issuedAt: string;
  expiresAt: string;
  count: number;
  digest: string;
}

export interface AgentRiskMeta {
  listId: string;
  version: number;
  issuedAt: string;
  expiresAt: string;
  count: number;
  digest: string;
  appliedAt: string;
  /** when a signed head last confirmed the live list current (persisted by markRiskListConfirmed) */
  confirmedAt?: string | null;
}

export interface AgentVisitUpload {
  id: string;
  deviceTime: string;
  serverTime: string | null;
  clockOffsetMs: number;
  clockStatus: 'ok' | 'off' | 'unknown';
  venueId: string;
  gateId: string;
  direction: 'entry' | 'exit';
  outcome: 'ADMIT' | 'DENY' | 'REFER';
  reason: string;
  nikHash: string | null;
  /** how the visitor identified, frozen at record time; absent/null for visits recorded before the store kept it */
  identity?: 'QR' | 'NIK' | 'NONE' | null;
  registrationId: string | null;
  faceDistance: number | null;
  livenessScore: number | null;
  riskListVersion: number | null;
  override: { by: string; reason: string; originalOutcome: 'ADMIT' | 'DENY' | 'REFER'; originalReason: string } | null;
}

export interface AgentOutboxItem {
  id: string;
  seq: number;
  visit: AgentVisitUpload;
  attempts: number;
  enqueuedAt: string;
}

/** A check-out of an already uploaded visit (POST /v1/visits/checkouts). */
export interface AgentCheckoutOutboxItem {
  /** the visit id */
  id: string;
  /** ISO, on the same footing as the visit's occurredAt */
  checkedOutAt: string;
  attempts: number;
  enqueuedAt: string;
}

export interface AgentAlertUpload {
  id: string;
  kind: 'DENY_RISK';
  visitId: string;
  at: string;
  serverTime: string | null;
  venueId: string;
  gateId: string;
  nikHash: string;
  riskStatus: AgentRiskStatus;
  riskListVersion: number | null;
}

export interface AgentAlertOutboxItem {
  id: string;
  alert: AgentAlertUpload;
  attempts: number;
  enqueuedAt: string;
}

export interface AgentRegistrationInput {
  nikHash: string;
  registrationId: string;
  displayName: string;
  templates: { modelId: string; vector: Float32Array; source: 'registration' | 'visit' | 'local' }[];
}

export interface AgentRaiseAlert {
  code: AlertKey;
  severity: AlertSeverity;
  message: { id: string; en: string };
  detail?: Record<string, unknown>;
  /** `CODE:item` for one open alert per item; default the code */
  dedupeKey?: ScopedAlertKey;
}

/** The kiosk store as the sync agent sees it. */
export interface SyncStorePort {
  getDeviceConfig(): AgentDeviceConfig | null;
  saveDeviceConfig(config: AgentDeviceConfigInput): unknown;
  saveClockOffset(offsetMs: number, measuredAt?: string): void;

  riskListMeta(): AgentRiskMeta | null;
  /** record that a signed head confirmed the live list is current (survives a restart) */
  markRiskListConfirmed(atIso: string): unknown;
  riskListCount(): number;
  /** one transaction: either the whole new list is live, or nothing changed (throws) */
  applyRiskSnapshot(meta: AgentRiskMetaInput, entries: Iterable<AgentRiskEntry>): unknown;
  applyRiskDelta(meta: AgentRiskMetaInput, adds: Iterable<AgentRiskEntry>, removes: Iterable<string>): unknown;
  /** every live entry in ascending nikHash order (to check a delta's resulting set digest before applying) */
  iterateRiskEntries(): Iterable<AgentRiskEntry>;
  /** the same, one keyset page at a time (lets the agent yield to the gate between pages); optional */
  riskEntriesPage?(afterNikHash: string | null, limit: number): AgentRiskEntry[];

  upsertRegistrations(registrations: AgentRegistrationInput[], opts?: { cursor?: string }): void;
  removeRegistrations(nikHashes: string[], opts?: { cursor?: string }): number;
  registrationsCursor(): string | null;
  getRegistration(nikHash: string): unknown;

  nextOutboxBatch(limit: number): AgentOutboxItem[];
  ackOutbox(ids: string[], serverAckAt: string): number;
  markOutboxAttempt(ids: string[]): void;
  deadLetter(id: string, reason: string): boolean;
  outboxDepth(): number;
  oldestUnackedVisitAt(): string | null;
  deadLetterCount(): number;

  /** check-outs of visits that already left the visit outbox, oldest visit first */
  nextCheckoutBatch(limit: number): AgentCheckoutOutboxItem[];
  /** the server has them (or does not know the visit at all): they leave the queue */
  ackCheckouts(visitIds: string[]): number;
  markCheckoutAttempt(visitIds: string[]): void;

  nextAlertBatch(limit?: number): AgentAlertOutboxItem[];
  ackAlerts(ids: string[]): number;
  deadLetterAlert(id: string, reason: string): boolean;
  alertOutboxDepth(): number;

  raiseAlert(alert: AgentRaiseAlert): unknown;
  resolveAlert(idOrKey: number | AlertKey | ScopedAlertKey): number;
}
