// Public types of the kiosk's local store (electron/store). The sync agent and the kiosk app code
// against these; the SQL behind them may change, these names should not.
//
// Conventions: times cross this boundary as ISO 8601 strings (UTC, e.g. "2026-11-29T16:30:00.000Z");
// a NIK hash is the lowercase hex string `nikHash()` from sync/protocol/crypto.ts returns (64 chars);
// face templates are Float32Array vectors tagged with the model that produced them.

import type { AlertKey, AlertSeverity, ScopedAlertKey } from '../../sync/protocol/alert-keys';
import { bilingual, type Bilingual } from '../../sync/protocol/bilingual';
import type { Clock } from '../../sync/protocol/clock';
import type { EventLogger } from '../../sync/protocol/log-events';
import type { Outcome } from '../../sync/protocol/outcome';
import type { RiskStatus } from '../../sync/protocol/risk-status';

export type { Clock } from '../../sync/protocol/clock';
export { systemClock } from '../../sync/protocol/clock';
export type { Outcome } from '../../sync/protocol/outcome';
export type { RiskStatus } from '../../sync/protocol/risk-status';
export { RISK_STATUSES } from '../../sync/protocol/risk-status';
// The records the sync agent's port carries are defined once, in the port; the store implements it.
import type {
  AlertOutboxItem, CheckoutOutboxItem, ClockStatus, DeviceConfig, DeviceConfigInput, Direction, FaceTemplateInput, OutboxItem, RaiseAlertInput,
  RegistrationInput, RiskEntry, RiskListMeta, RiskListMetaInput, SyncStorePort, VisitIdentity, VisitOverride,
} from '../../sync/agent/ports';
export type {
  AlertOutboxItem, AlertUpload, CheckoutOutboxItem, ClockStatus, DeviceConfig, DeviceConfigInput, Direction, FaceTemplateInput, GateMode,
  OutboxItem, RaiseAlertInput, RegistrationInput, RiskEntry, RiskListMeta, RiskListMetaInput, SyncStorePort, TemplateSource, VisitIdentity,
  VisitOverride, VisitUpload,
} from '../../sync/agent/ports';
export { VISIT_IDENTITIES } from '../../sync/agent/ports';

/** The kiosk's one logger (sync/protocol/log-events.ts). The store logs no personal data (no NIK, NIK hash, name or template). */
export type { EventLogger } from '../../sync/protocol/log-events';

/** Where the 32-byte device data key lives (see key-store.ts: FileKeyStore, SafeStorageKeyStore). */
export interface DataKeyStore {
  /** short name for logs and diagnostics, e.g. "file" or "safeStorage" */
  readonly kind: string;
  /** Returns the device data key (32 bytes), creating and persisting it on first use. */
  loadOrCreateKey(): Buffer;
}

/** Electron's `safeStorage` shape; the app passes the real one, headless code and tests their own. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export interface OpenKioskStoreOptions {
  /** the SQLite file; its folder is created if missing */
  path: string;
  keyStore: DataKeyStore;
  clock: Clock;
  logger?: EventLogger;
  /**
   * Called between the slices of a long write (a risk list snapshot goes in in slices, each its own
   * transaction, and goes live in one short one): with no transaction open, so another connection's
   * short write (the gate's) can go in there. The sync agent's thread waits here while the gate is busy.
   */
  betweenSlices?: () => void;
  /**
   * this connection's automatic checkpoint threshold in WAL pages (default 4000; 0 = never on its own
   * commits). The app's gate connection passes 0: whichever connection commits past the threshold runs
   * the checkpoint inside that commit, and during a 1M-entry apply the gate's visit write would pay it
   * (hundreds of ms on the gate's thread). The agent's connection checkpoints instead, on its thread.
   */
  walAutoCheckpoint?: number;
}

// ---------------------------------------------------------------------------------------------------
// Device configuration (enrolment)

// ---------------------------------------------------------------------------------------------------
// Risk list

/** The answer of lookupRisk(): the stored entry (the gate rules compare validUntil with their clock). */
export interface RiskHit {
  status: RiskStatus;
  validUntil: string | null;
}

// ---------------------------------------------------------------------------------------------------
// Registrations and face templates

export interface FaceTemplate extends FaceTemplateInput {
  templateId: string;
  /** 'server' templates are replaced by the next feed upsert of the person; 'kiosk' ones are kept */
  origin: 'server' | 'kiosk';
  createdAt: string;
}

export interface Registration {
  nikHash: string;
  registrationId: string;
  displayName: string;
  templates: FaceTemplate[];
  /** server = from the registrations feed/lookup; local = registered at this kiosk, upload pending or done */
  origin: 'server' | 'local';
  updatedAt: string;
  /** false: a self-registration no officer has checked against the KTP yet (the gate REFERs it) */
  verified: boolean;
}

/** An on-the-spot registration at this kiosk, kept (encrypted) only until the server has it. */
export interface LocalRegistrationInput {
  /** plain NIK, already validated and normalised to 16 digits by the NIK rules */
  nik: string;
  displayName: string;
  template: { modelId: string; vector: Float32Array };
  /** the selfie JPEG the server re-derives its template from; deleted once uploaded */
  selfieJpeg: Buffer;
  /** when the visitor ticked the consent box (ISO) */
  consentAt: string;
  /** staff member who did it (for the audit log) */
  actor: string;
}

export interface PendingRegistration {
  id: string;
  nik: string;
  nikHash: string;
  displayName: string;
  template: { modelId: string; vector: Float32Array };
  selfieJpeg: Buffer;
  consentAt: string;
  createdAt: string;
  attempts: number;
}

// ---------------------------------------------------------------------------------------------------
// Visits, outboxes, alerts

export interface VisitInput {
  direction: Direction;
  /** final outcome (after any override) */
  outcome: Outcome;
  /** reason code from the gate rules (e.g. "ADMIT", "RISK_CONFIRMED", "FACE_MISMATCH") */
  reason: string;
  /** null when no identity was read */
  nikHash: string | null;
  /**
   * how the visitor identified (the gate passes the claim kind: credential → QR, nik → NIK). Omitted:
   * NONE without a nikHash; with one, unknown (kept null; the sync agent derives it as for old rows).
   */
  identity?: VisitIdentity;
  registrationId?: string | null;
  faceDistance?: number | null;
  livenessScore?: number | null;
  /** risk-list version the decision used; null = no list */
  riskListVersion?: number | null;
  override?: VisitOverride | null;
  /** defaults to the enrolled gate */
  gateId?: string;
}

export interface VisitRecord {
  id: string;
  deviceTime: string;
  /** device time corrected by the measured clock offset; null when the offset was never measured */
  serverTime: string | null;
  clockOffsetMs: number;
  clockStatus: ClockStatus;
  venueId: string;
  gateId: string;
  direction: Direction;
  outcome: Outcome;
  reason: string;
  nikHash: string | null;
  /** null for visits recorded before schema 3 (or without it and with a nikHash) */
  identity: VisitIdentity | null;
  registrationId: string | null;
  faceDistance: number | null;
  livenessScore: number | null;
  riskListVersion: number | null;
  override: VisitOverride | null;
  checkedOutAt: string | null;
  checkedOutBy: CheckOutBy | null;
  /** when the server acknowledged it (ISO), null = not yet */
  ackedAt: string | null;
}

export type CheckOutBy = 'exit-gate' | 'staff' | 'auto';

/** An officer decides an entry visit again (recordOverride). */
export interface OverrideInput {
  /** the entry visit decided again */
  visitId: string;
  outcome: Outcome;
  /** the officer's reason code (sync/protocol/override-reasons.ts) */
  reason: OverrideReasonCode;
  /** an optional short note (no NIK-like digit runs; sealed at rest) */
  note?: string | null;
  /** staff role or id (never the visitor's personal data) */
  by: string;
}

export interface OverrideResult extends RecordVisitResult {
  /** the visit as the rules decided it, before the override */
  original: VisitRecord;
  /** taking back an admission freed the place it held */
  checkedOut: boolean;
}

export interface RecordVisitResult {
  id: string;
  /** at an exit gate: the entry visit this exit closed, if any */
  checkedOutVisitId: string | null;
  /** true when a priority alert (DENY of a CONFIRMED/SUSPECT person) was queued */
  alertQueued: boolean;
}

export type { AlertKey, AlertSeverity, ScopedAlertKey } from '../../sync/protocol/alert-keys';
import type { OverrideReasonCode } from '../../sync/protocol/override-reasons';

export interface LocalAlert {
  id: number;
  code: AlertKey;
  severity: AlertSeverity;
  message: Bilingual;
  detail: Record<string, unknown> | null;
  raisedAt: string;
  /** last time the same condition was raised again */
  lastRaisedAt: string;
  count: number;
  resolvedAt: string | null;
}

export interface DeadLetterEntry {
  id: number;
  kind: 'visit' | 'alert' | 'registration';
  refId: string;
  payload: unknown;
  reason: string;
  deadAt: string;
}

// ---------------------------------------------------------------------------------------------------
// Audit log

export interface AuditInput {
  /** staff/admin id or "system"; never the visitor's personal data */
  actor: string;
  action: string;
  target?: string | null;
  detail?: Record<string, unknown> | null;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  detail: Record<string, unknown> | null;
  prevHash: string;
  hash: string;
}

export type AuditVerifyResult =
  | { ok: true; rows: number; head: string }
  | { ok: false; rows: number; brokenAtSeq: number; problem: 'hash-mismatch' | 'broken-link' | 'sequence-gap' | 'head-mismatch' };

// ---------------------------------------------------------------------------------------------------
// Housekeeping

export interface PurgeReport {
  visitsPurged: number;
  autoCheckedOut: number;
  /** number of unacknowledged visits older than the warning age (retention − 2 days) */
  unackedNearRetention: number;
  retentionAlertRaised: boolean;
  /** the live risk list is missing, older than 24 h or expired (RISK_LIST_STALE raised) */
  riskListStale: boolean;
}

export interface IntegrityReport {
  ok: boolean;
  /** sqlite's integrity_check lines ("ok" when fine) */
  sqlite: string[];
  foreignKeyViolations: number;
  audit: AuditVerifyResult;
}

export interface StoreOpenInfo {
  /** set when the previous file was unreadable and moved aside */
  movedAside: { path: string; reason: string } | null;
  schemaVersion: number;
  keyStoreKind: string;
}

export interface StorageInfo {
  path: string;
  dbBytes: number;
  walBytes: number;
  journalMode: string;
  /** 2 = FULL */
  synchronous: number;
  foreignKeys: boolean;
  schemaVersion: number;
  keyStoreKind: string;
}

export type OccupancyReport = {
  /** admitted entry visits not checked out and younger than the dwell time */
  current: number;
  capacity: number | null;
  dwellMinutes: number;
};

export type CheckOutTarget = { visitId: string } | { nikHash: string };

export interface KioskStore extends SyncStorePort {
  readonly path: string;
  readonly openInfo: StoreOpenInfo;

  getDeviceConfig(): DeviceConfig | null;
  saveDeviceConfig(config: DeviceConfigInput): DeviceConfig;
  /** partial update of the non-identity settings the server may change later */
  updateDeviceSettings(patch: Partial<Pick<DeviceConfig, 'policy' | 'venueCapacity' | 'dwellMinutes' | 'retentionDays' | 'cityPublicKeys' | 'gateMode' | 'serverUrl' | 'fallbackServerUrls' | 'venueName'>>): DeviceConfig;
  saveClockOffset(offsetMs: number, measuredAt?: string): void;
  /** nikHash of a plain, normalised NIK under the enrolled nikHashKey (throws if not enrolled) */
  hashNik(nik: string): string;

  lookupRisk(nikHash: string): RiskHit | null;
  riskListMeta(): RiskListMeta | null;
  /** a signed head confirmed the live list is current at this time (kept across restarts); false without a list */
  markRiskListConfirmed(atIso: string): boolean;
  riskListCount(): number;
  /** every live entry in ascending nikHash order (lowercase hex = byte order); finish iterating before writing */
  iterateRiskEntries(): IterableIterator<RiskEntry>;
  applyRiskSnapshot(meta: RiskListMetaInput, entries: Iterable<RiskEntry>): RiskListMeta;
  applyRiskDelta(meta: RiskListMetaInput, adds: Iterable<RiskEntry>, removes: Iterable<string>): RiskListMeta;

  upsertRegistrations(registrations: RegistrationInput[], opts?: { cursor?: string }): void;
  removeRegistrations(nikHashes: string[], opts?: { cursor?: string }): number;
  registrationsCursor(): string | null;
  getRegistration(nikHash: string): Registration | null;
  addTemplate(nikHash: string, template: FaceTemplateInput): string;
  registrationCount(): number;

  queueLocalRegistration(input: LocalRegistrationInput): { id: string; nikHash: string };
  nextPendingRegistrations(limit: number): PendingRegistration[];
  /** the server has it: the NIK, name copy and selfie are deleted; the local registration takes its id */
  ackPendingRegistration(id: string, registrationId: string): void;
  /** the server refused it: its data and the local registration are deleted, the reason kept in dead_letter */
  rejectPendingRegistration(id: string, reason: string): boolean;
  pendingRegistrationCount(): number;

  recordVisit(visit: VisitInput): RecordVisitResult;
  /**
   * A staff override in ONE transaction: frees the place of a taken-back admission, records the officer's
   * decision as a new visit (STAFF_OVERRIDE) and appends the audit entry; all or nothing. null = no such entry visit.
   */
  recordOverride(input: OverrideInput): OverrideResult | null;
  getVisit(id: string): VisitRecord | null;
  nextOutboxBatch(limit: number): OutboxItem[];
  /** the server has these visits (accepted|duplicate): leave the outbox, kept until retention */
  ackOutbox(ids: string[], serverAckAt: string): number;
  /** count a failed upload attempt (for diagnostics) */
  markOutboxAttempt(ids: string[]): void;
  deadLetter(id: string, reason: string): boolean;
  listDeadLetters(limit?: number): DeadLetterEntry[];
  deadLetterCount(): number;
  outboxDepth(): number;
  oldestUnackedVisitAt(): string | null;

  nextAlertBatch(limit?: number): AlertOutboxItem[];
  ackAlerts(ids: string[]): number;
  deadLetterAlert(id: string, reason: string): boolean;
  alertOutboxDepth(): number;

  /** closes the visit and queues the check-out for the server in the same transaction */
  checkOut(target: CheckOutTarget, by: 'exit-gate' | 'staff', actor?: string): { visitId: string } | null;
  /** check-outs (staff, exit gate, automatic) of visits no longer waiting in the visit outbox, oldest visit first */
  nextCheckoutBatch(limit: number): CheckoutOutboxItem[];
  /** the server has these check-outs (or will never know their visit): they leave the queue */
  ackCheckouts(visitIds: string[]): number;
  /** count a failed upload attempt (for diagnostics) */
  markCheckoutAttempt(visitIds: string[]): void;
  checkoutOutboxDepth(): number;
  occupancy(): OccupancyReport;
  autoCheckOut(): number;
  purgeExpired(): PurgeReport;

  raiseAlert(alert: RaiseAlertInput): LocalAlert;
  /** by id; by key (the alert and every `KEY:item` of it); or one scoped key. Returns how many */
  resolveAlert(idOrKey: number | AlertKey | ScopedAlertKey): number;
  listAlerts(opts?: { unresolvedOnly?: boolean; limit?: number }): LocalAlert[];

  appendAudit(entry: AuditInput): AuditEntry;
  listAudit(opts?: { limit?: number }): AuditEntry[];
  verifyAuditChain(): AuditVerifyResult;

  integrityCheck(): IntegrityReport;
  /** copies the WAL into the database file; call when the gate is idle (e.g. every minute without scans) */
  checkpoint(): { walPages: number; checkpointedPages: number; busy: boolean };
  /** sizes and settings for the diagnostics screen */
  storageInfo(): StorageInfo;
  close(): void;
}

/** Errors the store throws on purpose: a code to branch on and a bilingual message a person can read. */
export type StoreErrorCode =
  | 'DB_NEWER_THAN_CODE'
  | 'DATA_KEY_MISMATCH'
  | 'DATA_KEY_UNAVAILABLE'
  | 'KEY_FILE_INSECURE'
  | 'NOT_ENROLLED'
  | 'BAD_INPUT'
  | 'RISK_VERSION_ROLLBACK'
  | 'RISK_VERSION_GAP'
  | 'RISK_COUNT_MISMATCH'
  | 'DECRYPT_FAILED'
  | 'STORAGE_FULL';

export class StoreError extends Error {
  readonly code: StoreErrorCode;
  /** what staff read: Bahasa Indonesia and English (`message` is the English, for logs and stacks) */
  readonly bilingual: Bilingual;
  constructor(code: StoreErrorCode, message: Bilingual) {
    const words = bilingual(message);
    super(`${code}: ${words.en}`);
    this.name = 'StoreError';
    this.code = code;
    this.bilingual = words;
  }
}
