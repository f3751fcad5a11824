// The kiosk's local store: one SQLite file per kiosk (WAL, synchronous=FULL, foreign keys, STRICT tables),
// personal data sealed under the device data key, and the operations the gate, the staff screens and the
// sync agent need. Runs in plain Node (no Electron import): the app injects safeStorage via the key store.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { AlertOutbox, LocalAlerts } from './alerts';
import { AuditLog } from './audit';
import type { StoreContext } from './context';
import { DeviceConfigRepo } from './device-config';
import { FieldCipher } from './field-cipher';
import { uuidV7Generator } from './ids';
import { LocalRegistrations } from './local-registrations';
import { assertNotNewer, migrate, schemaVersion } from './migrate';
import { openDatabase } from './open-db';
import { purgeExpired } from './retention';
import { RegistrationsRepo } from './registrations';
import { RiskListRepo } from './risk-list';
import { RiskListConfirmation } from './risk-confirmation';
import type { IntegrityReport, KioskStore, OpenKioskStoreOptions, RiskListMeta, StorageInfo, StoreOpenInfo, SyncStorePort } from './types';
import { StoreError } from './types';
import { VisitsRepo } from './visits';

export * from './types';
export { FileKeyStore, SafeStorageKeyStore } from './key-store';
export { startStoreHousekeeping } from './housekeeping';
export type { Housekeeping, HousekeepingOptions } from './housekeeping';
export { LATEST_SCHEMA_VERSION } from './migrations/index';

const KEY_CHECK = 'data_key_check';
const KEY_CHECK_AAD = 'meta.data_key_check:1';
const KEY_CHECK_TEXT = 'jejak-kiosk data key check v1';

/** Proves the key in hand is the key the data was sealed with, before anything is read or written. */
function verifyDataKey(ctx: StoreContext): void {
  const row = ctx.db.prepare('SELECT value FROM meta WHERE key = ?').get(KEY_CHECK) as { value: Buffer } | undefined;
  if (!row) {
    ctx.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(KEY_CHECK, ctx.cipher.sealText(KEY_CHECK_TEXT, KEY_CHECK_AAD));
    return;
  }
  try {
    if (ctx.cipher.openText(row.value, KEY_CHECK_AAD) === KEY_CHECK_TEXT) return;
  } catch {
    // fall through
  }
  throw new StoreError(
    'DATA_KEY_MISMATCH',
    { id: 'kunci data tidak cocok dengan basis data ini (berkas kunci atau keychain diganti?); basis data tidak diubah', en: 'the data key does not match this database (key file or OS keychain entry replaced?); the database was left untouched' },
  );
}

export function openKioskStore(options: OpenKioskStoreOptions): KioskStore {
  const { clock, logger, keyStore } = options;
  const file = path.resolve(options.path);
  const { db, movedAside } = openDatabase(file, clock, logger);
  try {
    assertNotNewer(db);
    // The key check lives in `meta` (step 1); later steps may rewrite sealed/keyed values, so the key is
    // proven to be this file's key before they run (a wrong key must not re-key the data).
    const applied = migrate(db, Math.max(schemaVersion(db), 1));
    if (options.walAutoCheckpoint !== undefined) db.pragma(`wal_autocheckpoint = ${Math.max(0, Math.floor(options.walAutoCheckpoint))}`);
    const ctx: StoreContext = { db, cipher: new FieldCipher(keyStore.loadOrCreateKey()), clock, logger, newId: uuidV7Generator(clock), betweenSlices: options.betweenSlices };
    verifyDataKey(ctx);
    applied.push(...migrate(db, undefined, undefined, { cipher: ctx.cipher }));
    if (applied.length > 0) logger?.info('store.migrated', { applied });
    const store = new SqliteKioskStore(ctx, file, { movedAside, schemaVersion: schemaVersion(db), keyStoreKind: keyStore.kind });
    if (movedAside) {
      store.raiseAlert({
        code: 'STORE_CORRUPT_MOVED_ASIDE',
        severity: 'critical',
        message: {
          id: `Basis data kios rusak dan dipindahkan ke ${path.basename(movedAside.path)}; kios berjalan dengan basis data baru dan perlu didaftarkan ulang. Hubungi petugas TI.`,
          en: `The kiosk database was corrupt and moved to ${path.basename(movedAside.path)}; the kiosk runs on a fresh database and must be enrolled again. Contact IT staff.`,
        },
        detail: { movedTo: path.basename(movedAside.path), reason: movedAside.reason },
      });
      store.appendAudit({ actor: 'system', action: 'store.recovered', target: path.basename(movedAside.path) });
    }
    return store;
  } catch (err) {
    db.close();
    throw err;
  }
}

// KioskStore extends the sync agent's port: the agent's records are the store's records (sync/agent/ports.ts).
class SqliteKioskStore implements KioskStore, SyncStorePort {
  private readonly config: DeviceConfigRepo;
  private readonly risk: RiskListRepo;
  private readonly riskConfirmation: RiskListConfirmation;
  private readonly registrations: RegistrationsRepo;
  private readonly local: LocalRegistrations;
  private readonly visits: VisitsRepo;
  private readonly alerts: LocalAlerts;
  private readonly alertOutbox: AlertOutbox;
  private readonly audit: AuditLog;

  constructor(
    private readonly ctx: StoreContext,
    readonly path: string,
    readonly openInfo: StoreOpenInfo,
  ) {
    this.config = new DeviceConfigRepo(ctx);
    this.risk = new RiskListRepo(ctx);
    this.riskConfirmation = new RiskListConfirmation(ctx);
    this.registrations = new RegistrationsRepo(ctx);
    this.alerts = new LocalAlerts(ctx);
    this.alertOutbox = new AlertOutbox(ctx);
    this.audit = new AuditLog(ctx);
    this.local = new LocalRegistrations(ctx, this.config, this.registrations, this.audit);
    this.visits = new VisitsRepo(ctx, this.config, this.alertOutbox, this.audit);
  }

  getDeviceConfig = () => this.config.get();
  saveDeviceConfig: KioskStore['saveDeviceConfig'] = (c) => this.config.save(c);
  updateDeviceSettings: KioskStore['updateDeviceSettings'] = (p) => this.config.updateSettings(p);
  saveClockOffset: KioskStore['saveClockOffset'] = (ms, at) => this.config.saveClockOffset(ms, at);
  hashNik: KioskStore['hashNik'] = (nik) => this.config.hashNik(nik);

  lookupRisk: KioskStore['lookupRisk'] = (h) => this.risk.lookup(h);
  riskListMeta: KioskStore['riskListMeta'] = () => {
    const meta = this.risk.meta();
    return meta && { ...meta, confirmedAt: this.riskConfirmation.get() };
  };
  markRiskListConfirmed: KioskStore['markRiskListConfirmed'] = (at) => this.riskConfirmation.mark(at);
  riskListCount: KioskStore['riskListCount'] = () => this.risk.count();
  iterateRiskEntries: KioskStore['iterateRiskEntries'] = () => this.risk.iterate();
  applyRiskSnapshot: KioskStore['applyRiskSnapshot'] = (meta, entries) => this.logged('snapshot', () => this.risk.applySnapshot(meta, entries));
  applyRiskDelta: KioskStore['applyRiskDelta'] = (meta, adds, removes) => this.logged('delta', () => this.risk.applyDelta(meta, adds, removes));

  upsertRegistrations: KioskStore['upsertRegistrations'] = (regs, opts) => this.registrations.upsert(regs, opts?.cursor);
  removeRegistrations: KioskStore['removeRegistrations'] = (hashes, opts) => this.registrations.remove(hashes, opts?.cursor);
  registrationsCursor: KioskStore['registrationsCursor'] = () => this.registrations.cursor();
  getRegistration: KioskStore['getRegistration'] = (h) => this.registrations.get(h);
  addTemplate: KioskStore['addTemplate'] = (h, t) => this.registrations.addTemplate(h, t);
  registrationCount: KioskStore['registrationCount'] = () => this.registrations.count();

  queueLocalRegistration: KioskStore['queueLocalRegistration'] = (input) => this.local.queue(input);
  nextPendingRegistrations: KioskStore['nextPendingRegistrations'] = (limit) => this.local.next(limit);
  ackPendingRegistration: KioskStore['ackPendingRegistration'] = (id, regId) => this.local.ack(id, regId);
  rejectPendingRegistration: KioskStore['rejectPendingRegistration'] = (id, reason) => this.local.reject(id, reason);
  pendingRegistrationCount: KioskStore['pendingRegistrationCount'] = () => this.local.count();

  recordVisit: KioskStore['recordVisit'] = (v) => this.visits.record(v);
  recordOverride: KioskStore['recordOverride'] = (o) => this.ctx.db.transaction(() => {
    const original = this.visits.get(o.visitId);
    if (!original || original.direction !== 'entry') return null;
    // taking back an admission frees the place it held
    const checkedOut = original.outcome === 'ADMIT' && o.outcome !== 'ADMIT' && original.checkedOutAt === null
      && this.visits.checkOut({ visitId: original.id }, 'staff', o.by) !== null;
    const rec = this.visits.record({
      direction: 'entry',
      outcome: o.outcome,
      reason: 'STAFF_OVERRIDE',
      nikHash: original.nikHash,
      // the officer's decision is about the same visitor, identified the same way
      ...(original.identity ? { identity: original.identity } : {}),
      registrationId: original.registrationId,
      faceDistance: original.faceDistance,
      livenessScore: original.livenessScore,
      riskListVersion: original.riskListVersion,
      override: { by: o.by, reason: o.reason, note: o.note ?? null, originalOutcome: original.outcome, originalReason: original.reason },
    });
    // the reason code only: the officer's note stays sealed in the visit row
    this.audit.append({ actor: o.by, action: 'decision.override', target: original.id, detail: { from: original.outcome, to: o.outcome, reason: o.reason, newVisitId: rec.id } });
    return { ...rec, original, checkedOut };
  }).immediate();
  getVisit: KioskStore['getVisit'] = (id) => this.visits.get(id);
  nextOutboxBatch: KioskStore['nextOutboxBatch'] = (limit) => this.visits.nextOutboxBatch(limit);
  ackOutbox: KioskStore['ackOutbox'] = (ids, at) => this.visits.ackOutbox(ids, at);
  markOutboxAttempt: KioskStore['markOutboxAttempt'] = (ids) => this.visits.markOutboxAttempt(ids);
  deadLetter: KioskStore['deadLetter'] = (id, reason) => {
    const moved = this.visits.deadLetter(id, reason);
    if (moved) this.raiseDeadLetterAlert();
    return moved;
  };
  listDeadLetters: KioskStore['listDeadLetters'] = (limit) => this.visits.listDeadLetters(limit);
  deadLetterCount: KioskStore['deadLetterCount'] = () => (this.ctx.db.prepare('SELECT count(*) AS n FROM dead_letter').get() as { n: number }).n;
  outboxDepth: KioskStore['outboxDepth'] = () => this.visits.outboxDepth();
  oldestUnackedVisitAt: KioskStore['oldestUnackedVisitAt'] = () => {
    const ms = this.visits.oldestUnackedMs();
    return ms === null ? null : new Date(ms).toISOString();
  };

  nextAlertBatch: KioskStore['nextAlertBatch'] = (limit) => this.alertOutbox.next(limit);
  ackAlerts: KioskStore['ackAlerts'] = (ids) => this.alertOutbox.ack(ids);
  deadLetterAlert: KioskStore['deadLetterAlert'] = (id, reason) => {
    const moved = this.alertOutbox.deadLetter(id, reason);
    if (moved) this.raiseDeadLetterAlert();
    return moved;
  };
  alertOutboxDepth: KioskStore['alertOutboxDepth'] = () => this.alertOutbox.depth();

  checkOut: KioskStore['checkOut'] = (target, by, actor) => this.visits.checkOut(target, by, actor);
  nextCheckoutBatch: KioskStore['nextCheckoutBatch'] = (limit) => this.visits.nextCheckoutBatch(limit);
  ackCheckouts: KioskStore['ackCheckouts'] = (ids) => this.visits.ackCheckouts(ids);
  markCheckoutAttempt: KioskStore['markCheckoutAttempt'] = (ids) => this.visits.markCheckoutAttempt(ids);
  checkoutOutboxDepth: KioskStore['checkoutOutboxDepth'] = () => this.visits.checkoutOutboxDepth();
  occupancy: KioskStore['occupancy'] = () => this.visits.occupancy();
  autoCheckOut: KioskStore['autoCheckOut'] = () => this.visits.autoCheckOut();
  purgeExpired: KioskStore['purgeExpired'] = () => purgeExpired(this.ctx, this.config, this.visits, this.alerts, this.risk, () => this.riskConfirmation.get());

  raiseAlert: KioskStore['raiseAlert'] = (a) => this.alerts.raise(a);
  resolveAlert: KioskStore['resolveAlert'] = (k) => this.alerts.resolve(k);
  listAlerts: KioskStore['listAlerts'] = (opts) => this.alerts.list(opts);

  appendAudit: KioskStore['appendAudit'] = (e) => this.audit.append(e);
  listAudit: KioskStore['listAudit'] = (opts) => this.audit.list(opts?.limit);
  verifyAuditChain: KioskStore['verifyAuditChain'] = () => this.audit.verify();

  integrityCheck(): IntegrityReport {
    const sqlite = (this.ctx.db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    const foreignKeyViolations = (this.ctx.db.pragma('foreign_key_check') as unknown[]).length;
    const audit = this.audit.verify();
    return { ok: sqlite.length === 1 && sqlite[0] === 'ok' && foreignKeyViolations === 0 && audit.ok, sqlite, foreignKeyViolations, audit };
  }

  checkpoint(): { walPages: number; checkpointedPages: number; busy: boolean } {
    const [row] = this.ctx.db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
    return { walPages: row?.log ?? 0, checkpointedPages: row?.checkpointed ?? 0, busy: (row?.busy ?? 0) !== 0 };
  }

  storageInfo(): StorageInfo {
    const size = (f: string): number => (existsSync(f) ? statSync(f).size : 0);
    const { db } = this.ctx;
    return {
      path: this.path,
      dbBytes: size(this.path),
      walBytes: size(`${this.path}-wal`),
      journalMode: String(db.pragma('journal_mode', { simple: true })),
      synchronous: Number(db.pragma('synchronous', { simple: true })),
      foreignKeys: db.pragma('foreign_keys', { simple: true }) === 1,
      schemaVersion: this.openInfo.schemaVersion,
      keyStoreKind: this.openInfo.keyStoreKind,
    };
  }

  close(): void {
    if (!this.ctx.db.open) return;
    try {
      // fold the WAL back into the main file so a copied/backed-up .db is complete on its own
      this.ctx.db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      this.ctx.db.close();
    }
  }

  private raiseDeadLetterAlert(): void {
    const n = this.deadLetterCount();
    this.alerts.raise({
      code: 'DEAD_LETTER',
      severity: 'warning',
      message: {
        id: `${n} data ditolak server dan disisihkan; lihat Diagnostik.`,
        en: `${n} records were rejected by the server and set aside; see Diagnostics.`,
      },
      detail: { deadLetters: n },
    });
  }

  private logged<T extends RiskListMeta>(mode: 'snapshot' | 'delta', fn: () => T): T {
    const t0 = performance.now();
    try {
      const out = fn();
      this.ctx.logger?.info('store.risk_applied', { mode, version: out.version, count: out.count, ms: Math.round(performance.now() - t0) });
      return out;
    } catch (err) {
      // the previous list stays live
      this.ctx.logger?.warn('store.risk_apply_failed', { mode, code: (err as { code?: string }).code ?? null });
      throw err;
    }
  }
}
