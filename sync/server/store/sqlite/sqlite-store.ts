// Embedded SQLite backend (better-sqlite3, WAL, synchronous=FULL): the default for one city server.
import Database from 'better-sqlite3';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Heartbeat } from '../../../protocol/api/heartbeat';
import type { SignedRiskManifest } from '../../../protocol/api/risk';
import { loadMigrations } from '../migrations';
import { tracingCaseFrom, alertHandlingFrom, agencyFrom, apiKeyFrom, auditFrom, consoleUserFrom, gateFrom, num, registrationUpsertValues, numOrNull, sessionFrom, strOrNull, throttleFrom, venueFrom, type Row } from '../row-mappers';
import { AUDIT_GENESIS, auditHash } from '../audit-chain';
import { venuePolicyFrom } from '../venue-rows';
import { reserveStep, undoStep } from '../login-throttle';
import type { ThrottleRule } from '../login-throttle';
import type { VenueScope } from '../../../protocol/console/roles';
import type {
  TracingCaseRow, AlertHandlingRow, AgencyRow, ApiKeyRow, AuditEntryInput, AuditEntryRow, ConsoleSessionRow, HourlyEntriesRow, VenuePolicyRow, ConsoleUserPatch, ConsoleUserRow, ReserveLoginResult,
  AlertRow, ConsumeCodeResult, DeviceRow, ExclusiveJob, GateRow, IngestResult, PendingRegistrationRow, PublishRiskVersion,
  RegistrationReviewRow, RegistrationRow, RegistrationUpsert, RiskVersionRow, ServerStore, TraceParams, TraceRows, TracedVisit, VenueRow, VisitRow,
} from '../types';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const HOUR_MS = 3_600_000;

/**
 * The console overview's counts per venue (exported for the bench's floor, which runs it bare):
 * entries today from the hourly counters (the WIB day starts on a whole hour), and who is inside now:
 * ADMIT visits of the venue's last dwell window, not checked out, read from visits_venue_time alone,
 * one index range per venue (the venues drive the loop). A checkout stamped in the future by a
 * kiosk clock that runs ahead keeps a visit present only within the dwell window.
 */
export const VENUE_ACTIVITY_SQLITE = `SELECT ve.id AS venue_id,
    (SELECT COALESCE(SUM(c.admitted), 0) FROM venue_hour_counts c WHERE c.venue_id = ve.id AND c.hour_start >= @day AND c.hour_start <= @now) AS entries,
    (SELECT COUNT(*) FROM visits v WHERE v.venue_id = ve.id AND v.occurred_at > @now - ve.dwell_minutes * 60000 AND v.occurred_at <= @now
       AND v.outcome = 'ADMIT' AND COALESCE(v.checked_out_at, v.occurred_at + ve.dwell_minutes * 60000) > @now) AS present
  FROM venues ve WHERE ve.id IN (SELECT value FROM json_each(@ids))`;

function deviceFrom(r: Row): DeviceRow {
  return {
    id: String(r.id), publicKey: String(r.public_key), venueId: String(r.venue_id), gateId: String(r.gate_id), name: strOrNull(r.name),
    enrolledAt: num(r.enrolled_at), revokedAt: numOrNull(r.revoked_at), lastSeenAt: numOrNull(r.last_seen_at),
    heartbeat: r.heartbeat ? (JSON.parse(String(r.heartbeat)) as Heartbeat) : null,
  };
}
function versionFrom(r: Row): RiskVersionRow {
  return {
    listId: String(r.list_id), version: num(r.version), publishedAt: num(r.published_at), entryCount: num(r.entry_count), setDigest: String(r.set_digest),
    snapshot: JSON.parse(String(r.snapshot)) as SignedRiskManifest, delta: r.delta && num(r.delta_kept) ? (JSON.parse(String(r.delta)) as SignedRiskManifest) : null,
  };
}
function registrationFrom(r: Row): RegistrationRow {
  return {
    rid: String(r.rid), nikHash: String(r.nik_hash), region: String(r.region), nameSealed: String(r.name_sealed),
    templates: JSON.parse(String(r.templates)) as RegistrationRow['templates'], revoked: num(r.revoked) === 1,
    source: r.source as RegistrationRow['source'], updatedAt: num(r.updated_at), seq: num(r.seq),
    verified: num(r.verified) === 1, verifiedAt: numOrNull(r.verified_at), verifiedBy: strOrNull(r.verified_by),
    registeredAt: num(r.registered_at ?? r.updated_at), contactSealed: strOrNull(r.contact_sealed),
  };
}
function reviewFrom(r: Row): RegistrationReviewRow {
  return {
    id: String(r.id), nikHash: String(r.nik_hash), region: String(r.region), nameSealed: String(r.name_sealed), template: String(r.template),
    contactSealed: strOrNull(r.contact_sealed), reason: r.reason as RegistrationReviewRow['reason'], matchedRid: strOrNull(r.matched_rid),
    distance: numOrNull(r.distance), consentTextVersion: String(r.consent_text_version), createdAt: num(r.created_at),
    resolvedAt: numOrNull(r.resolved_at), resolution: strOrNull(r.resolution),
  };
}
function pendingFrom(r: Row): PendingRegistrationRow {
  return {
    id: String(r.id), deviceId: String(r.device_id), nikHash: String(r.nik_hash), region: String(r.region), nameSealed: String(r.name_sealed),
    template: JSON.parse(String(r.template)) as PendingRegistrationRow['template'], consentAt: num(r.consent_at), consentTextVersion: String(r.consent_text_version),
    capturedAt: num(r.captured_at), receivedAt: num(r.received_at), bodyHash: String(r.body_hash),
  };
}
function alertFrom(r: Row): AlertRow {
  return {
    id: String(r.id), deviceId: String(r.device_id), visitId: String(r.visit_id), venueId: String(r.venue_id), gateId: String(r.gate_id),
    occurredAt: num(r.occurred_at), nikHash: String(r.nik_hash), riskStatus: r.risk_status as AlertRow['riskStatus'],
    riskListVersion: numOrNull(r.risk_list_version), receivedAt: num(r.received_at), bodyHash: String(r.body_hash),
  };
}
function tracedFrom(r: Row): TracedVisit {
  return { visitId: String(r.id), venueId: String(r.venue_id), gateId: String(r.gate_id), nikHash: String(r.nik_hash), from: num(r.t0), to: num(r.t1), checkedOut: num(r.co) === 1, outcome: String(r.outcome) };
}

/** Stays longer than this are clipped when looking for overlaps (bounds the venue index scan; venues are malls, markets, restaurants). */
export const MAX_STAY_MS = 12 * 3600_000;

export class SqliteStore implements ServerStore {
  readonly backend = 'sqlite' as const;
  readonly db: Database.Database;
  private nonceWrites = 0;

  constructor(readonly file: string) {
    // Owner-only from the start (SQLite gives the -wal/-shm files the same mode).
    if (!existsSync(file)) writeFileSync(file, '', { mode: 0o600 });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // better-sqlite3 leaves WAL at NORMAL, which can lose the last commits on power loss; a 200 means committed.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
  }

  /**
   * Nonces are written through a second connection without fsync: they only guard against replays
   * within the signature window, so losing the last few in a power cut is harmless, and a commit
   * on the main connection (FULL) makes them durable anyway. Saves one fsync per request.
   */
  private nonceConn: Database.Database | null = null;
  private nonces(): Database.Database {
    if (!this.nonceConn) {
      this.nonceConn = new Database(this.file);
      this.nonceConn.pragma('synchronous = OFF');
      this.nonceConn.pragma('busy_timeout = 5000');
    }
    return this.nonceConn;
  }

  async migrate(): Promise<void> {
    const migrations = loadMigrations(MIGRATIONS_DIR);
    const current = Number(this.db.pragma('user_version', { simple: true }));
    if (current > migrations.length) throw new Error(`database schema version ${current} is newer than this server (${migrations.length}); refusing to run`);
    for (const m of migrations.slice(current)) {
      this.db.transaction(() => {
        this.db.exec(m.sql);
        this.db.pragma(`user_version = ${m.version}`);
      })();
    }
  }

  async exclusive<T>(_job: ExclusiveJob, fn: () => Promise<T>): Promise<{ ran: true; value: T }> {
    return { ran: true, value: await fn() };
  }

  async close(): Promise<void> {
    if (this.nonceConn?.open) this.nonceConn.close();
    if (this.db.open) this.db.close();
  }

  async ping(): Promise<boolean> {
    try {
      return this.db.prepare('SELECT 1 AS ok').get() !== undefined;
    } catch {
      return false;
    }
  }

  async createVenue(v: VenueRow): Promise<void> {
    this.db.prepare('INSERT INTO venues (id, name, address, capacity, region, dwell_minutes, category, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(v.id, v.name, v.address, v.capacity, v.region, v.dwellMinutes, v.category, v.createdAt);
  }
  async getVenue(id: string): Promise<VenueRow | null> {
    const r = this.db.prepare('SELECT * FROM venues WHERE id = ?').get(id) as Row | undefined;
    return r ? venueFrom(r) : null;
  }
  async listVenues(): Promise<VenueRow[]> {
    return (this.db.prepare('SELECT * FROM venues ORDER BY created_at, id').all() as Row[]).map(venueFrom);
  }
  async createGate(g: GateRow): Promise<void> {
    this.db.prepare('INSERT INTO gates (id, venue_id, name, direction) VALUES (?, ?, ?, ?)').run(g.id, g.venueId, g.name, g.direction);
  }
  async getGate(id: string): Promise<GateRow | null> {
    const r = this.db.prepare('SELECT * FROM gates WHERE id = ?').get(id) as Row | undefined;
    return r ? gateFrom(r) : null;
  }
  async listGates(venueId: string): Promise<GateRow[]> {
    return (this.db.prepare('SELECT * FROM gates WHERE venue_id = ? ORDER BY id').all(venueId) as Row[]).map(gateFrom);
  }
  async getGates(ids: readonly string[]): Promise<GateRow[]> {
    if (ids.length === 0) return [];
    return (this.db.prepare('SELECT * FROM gates WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id').all(JSON.stringify(ids)) as Row[]).map(gateFrom);
  }

  async createEnrolmentCode(c: { codeHash: string; venueId: string; gateId: string; createdAt: number; expiresAt: number }): Promise<void> {
    this.db.prepare('INSERT INTO enrolment_codes (code_hash, venue_id, gate_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)')
      .run(c.codeHash, c.venueId, c.gateId, c.createdAt, c.expiresAt);
  }

  async consumeEnrolmentCode(codeHash: string, now: number, device: { id: string; publicKey: string; name: string | null }): Promise<ConsumeCodeResult> {
    return this.db.transaction((): ConsumeCodeResult => {
      const code = this.db.prepare('SELECT * FROM enrolment_codes WHERE code_hash = ?').get(codeHash) as Row | undefined;
      if (!code) return { ok: false, reason: 'enrol_code_unknown' };
      if (code.used_at !== null) return { ok: false, reason: 'enrol_code_used' };
      if (num(code.expires_at) <= now) return { ok: false, reason: 'enrol_code_expired' };
      if (this.db.prepare('SELECT 1 FROM devices WHERE public_key = ?').get(device.publicKey)) return { ok: false, reason: 'device_key_in_use' };
      this.db.prepare('UPDATE enrolment_codes SET used_at = ?, device_id = ? WHERE code_hash = ?').run(now, device.id, codeHash);
      this.db.prepare('INSERT INTO devices (id, public_key, venue_id, gate_id, name, enrolled_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(device.id, device.publicKey, code.venue_id, code.gate_id, device.name, now);
      return { ok: true, device: deviceFrom(this.db.prepare('SELECT * FROM devices WHERE id = ?').get(device.id) as Row) };
    }).immediate();
  }

  async getDevice(id: string): Promise<DeviceRow | null> {
    const r = this.db.prepare('SELECT * FROM devices WHERE id = ?').get(id) as Row | undefined;
    return r ? deviceFrom(r) : null;
  }
  async listDevices(): Promise<DeviceRow[]> {
    return (this.db.prepare('SELECT * FROM devices ORDER BY enrolled_at, id').all() as Row[]).map(deviceFrom);
  }
  async listDevicesAt(venueIds: readonly string[]): Promise<DeviceRow[]> {
    if (venueIds.length === 0) return [];
    return (this.db.prepare('SELECT * FROM devices WHERE venue_id IN (SELECT value FROM json_each(?)) ORDER BY enrolled_at, id').all(JSON.stringify(venueIds)) as Row[]).map(deviceFrom);
  }
  async revokeDevice(id: string, at: number): Promise<boolean> {
    const r = this.db.prepare('UPDATE devices SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?').run(at, id);
    return r.changes === 1;
  }
  async recordHeartbeat(deviceId: string, hb: Heartbeat, at: number): Promise<void> {
    this.db.prepare('UPDATE devices SET heartbeat = ?, last_seen_at = ? WHERE id = ?').run(JSON.stringify(hb), at, deviceId);
  }
  async touchDevice(deviceId: string, at: number): Promise<void> {
    this.db.prepare('UPDATE devices SET last_seen_at = ? WHERE id = ? AND (last_seen_at IS NULL OR last_seen_at < ?)').run(at, deviceId, at);
  }
  async useNonce(deviceId: string, nonce: string, expiresAt: number, now: number): Promise<boolean> {
    const db = this.nonces();
    if (++this.nonceWrites % 1000 === 0) db.prepare('DELETE FROM device_nonces WHERE expires_at < ?').run(now);
    const r = db.prepare('INSERT INTO device_nonces (device_id, nonce, expires_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').run(deviceId, nonce, expiresAt);
    return r.changes === 1;
  }

  async latestRiskVersion(listId: string): Promise<RiskVersionRow | null> {
    const r = this.db.prepare('SELECT * FROM risk_versions WHERE list_id = ? ORDER BY version DESC LIMIT 1').get(listId) as Row | undefined;
    return r ? versionFrom(r) : null;
  }
  async riskVersionsAfter(listId: string, since: number): Promise<RiskVersionRow[]> {
    return (this.db.prepare('SELECT * FROM risk_versions WHERE list_id = ? AND version > ? ORDER BY version').all(listId, since) as Row[]).map(versionFrom);
  }
  async oldestDeltaVersion(listId: string): Promise<number | null> {
    const r = this.db.prepare('SELECT MIN(version) AS v FROM risk_versions WHERE list_id = ? AND delta IS NOT NULL AND delta_kept = 1').get(listId) as Row;
    return numOrNull(r.v);
  }
  async currentRiskSnapshot(listId: string): Promise<Buffer[]> {
    const latest = await this.latestRiskVersion(listId);
    if (!latest) return [];
    const rows = this.db.prepare("SELECT bytes FROM risk_chunks WHERE list_id = ? AND version = ? AND kind = 'snapshot' ORDER BY idx").all(listId, latest.version) as Row[];
    return rows.map((r) => r.bytes as Buffer);
  }

  async publishRiskVersion(p: PublishRiskVersion): Promise<void> {
    this.db.transaction(() => {
      const latest = this.db.prepare('SELECT MAX(version) AS v FROM risk_versions WHERE list_id = ?').get(p.listId) as Row;
      if ((numOrNull(latest.v) ?? 0) !== p.previousVersion) throw new Error(`risk list ${p.listId} moved on to version ${String(latest.v)} meanwhile; import again`);
      this.db.prepare('INSERT INTO risk_versions (list_id, version, published_at, entry_count, set_digest, snapshot, delta) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(p.listId, p.version, p.publishedAt, p.entryCount, p.setDigest, JSON.stringify(p.snapshot), p.delta ? JSON.stringify(p.delta) : null);
      const ins = this.db.prepare('INSERT OR IGNORE INTO risk_chunks (sha256, list_id, version, kind, idx, bytes) VALUES (?, ?, ?, ?, ?, ?)');
      const copy = this.db.prepare(`INSERT OR IGNORE INTO risk_chunks (sha256, list_id, version, kind, idx, bytes)
        SELECT sha256, list_id, ?, 'snapshot', ?, bytes FROM risk_chunks WHERE sha256 = ? AND list_id = ? AND kind = 'snapshot' AND version = ?`);
      for (const c of p.snapshot.manifest.chunks) {
        const bytes = p.chunks.get(c.sha256);
        if (bytes) ins.run(c.sha256, p.listId, p.version, 'snapshot', c.index, bytes);
        else if (copy.run(p.version, c.index, c.sha256, p.listId, p.previousVersion).changes !== 1) throw new Error(`snapshot chunk ${c.sha256.slice(0, 12)}… is neither sent nor in version ${p.previousVersion}`);
      }
      for (const c of p.delta?.manifest.chunks ?? []) ins.run(c.sha256, p.listId, p.version, 'delta', c.index, p.chunks.get(c.sha256)!);
      // Only the newest snapshot is served; deltas are kept for the last few versions.
      this.db.prepare("DELETE FROM risk_chunks WHERE list_id = ? AND kind = 'snapshot' AND version < ?").run(p.listId, p.version);
      const cutoff = p.version - p.keepDeltaVersions;
      this.db.prepare("DELETE FROM risk_chunks WHERE list_id = ? AND kind = 'delta' AND version <= ?").run(p.listId, cutoff);
      this.db.prepare('UPDATE risk_versions SET delta_kept = 0 WHERE list_id = ? AND version <= ?').run(p.listId, cutoff);
    }).immediate();
  }

  async getRiskChunk(sha256: string): Promise<Buffer | null> {
    const r = this.db.prepare('SELECT bytes FROM risk_chunks WHERE sha256 = ? LIMIT 1').get(sha256) as Row | undefined;
    return r ? (r.bytes as Buffer) : null;
  }

  async upsertRegistration(r: RegistrationUpsert): Promise<RegistrationRow> {
    const v = registrationUpsertValues(r);
    return this.db.transaction(() => {
      const seq = num((this.db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS s FROM registrations').get() as Row).s);
      this.db.prepare(`INSERT INTO registrations (rid, nik_hash, region, name_sealed, templates, revoked, source, updated_at, seq, verified, verified_at, verified_by, registered_at, contact_sealed)
        VALUES (@rid, @nikHash, @region, @nameSealed, @templates, @revoked, @source, @updatedAt, @seq, @verified, @verifiedAt, @verifiedBy, @updatedAt, @contactSealed)
        ON CONFLICT (nik_hash) DO UPDATE SET region = excluded.region, name_sealed = excluded.name_sealed, templates = excluded.templates,
          revoked = excluded.revoked, source = excluded.source, updated_at = excluded.updated_at, seq = excluded.seq,
          verified = excluded.verified, verified_at = excluded.verified_at, verified_by = excluded.verified_by,
          registered_at = CASE WHEN registrations.revoked = 1 OR registrations.registered_at IS NULL THEN excluded.registered_at ELSE registrations.registered_at END,
          contact_sealed = CASE WHEN @contactSet = 1 THEN excluded.contact_sealed ELSE registrations.contact_sealed END`)
        .run({ ...r, templates: JSON.stringify(r.templates), revoked: r.revoked ? 1 : 0, seq, verified: v.verified ? 1 : 0, verifiedAt: v.verifiedAt, verifiedBy: v.verifiedBy, contactSealed: v.contactSealed, contactSet: v.contactSet ? 1 : 0 });
      return registrationFrom(this.db.prepare('SELECT * FROM registrations WHERE nik_hash = ?').get(r.nikHash) as Row);
    }).immediate();
  }
  async getRegistrationByNikHash(nikHash: string): Promise<RegistrationRow | null> {
    const r = this.db.prepare('SELECT * FROM registrations WHERE nik_hash = ?').get(nikHash) as Row | undefined;
    return r ? registrationFrom(r) : null;
  }
  async listRegistrations(region: string, afterSeq: number, limit: number): Promise<RegistrationRow[]> {
    return (this.db.prepare('SELECT * FROM registrations WHERE region = ? AND seq > ? ORDER BY seq LIMIT ?').all(region, afterSeq, limit) as Row[]).map(registrationFrom);
  }
  async getRegistrationByRid(rid: string): Promise<RegistrationRow | null> {
    const r = this.db.prepare('SELECT * FROM registrations WHERE rid = ?').get(rid) as Row | undefined;
    return r ? registrationFrom(r) : null;
  }
  async listAllRegistrations(afterSeq: number, limit: number): Promise<RegistrationRow[]> {
    return (this.db.prepare('SELECT * FROM registrations WHERE seq > ? ORDER BY seq LIMIT ?').all(afterSeq, limit) as Row[]).map(registrationFrom);
  }
  async addRegistrationReview(r: RegistrationReviewRow): Promise<void> {
    this.db.prepare(`INSERT INTO registration_reviews (id, nik_hash, region, name_sealed, template, contact_sealed, reason, matched_rid, distance, consent_text_version, created_at, resolved_at, resolution)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(r.id, r.nikHash, r.region, r.nameSealed, r.template, r.contactSealed, r.reason, r.matchedRid, r.distance, r.consentTextVersion, r.createdAt, r.resolvedAt, r.resolution);
  }
  async listRegistrationReviews(all = false): Promise<RegistrationReviewRow[]> {
    return (this.db.prepare(`SELECT * FROM registration_reviews ${all ? '' : 'WHERE resolved_at IS NULL'} ORDER BY created_at, id`).all() as Row[]).map(reviewFrom);
  }
  async getRegistrationReview(id: string): Promise<RegistrationReviewRow | null> {
    const r = this.db.prepare('SELECT * FROM registration_reviews WHERE id = ?').get(id) as Row | undefined;
    return r ? reviewFrom(r) : null;
  }
  async resolveRegistrationReview(id: string, at: number, resolution: 'approved' | 'rejected'): Promise<boolean> {
    // decided: the sealed name, contact and face template go (an approved face now lives in registrations)
    return this.db.prepare("UPDATE registration_reviews SET resolved_at = ?, resolution = ?, name_sealed = '', template = '', contact_sealed = NULL WHERE id = ? AND resolved_at IS NULL").run(at, resolution, id).changes === 1;
  }
  async listUnverifiedRegistrations(limit: number): Promise<RegistrationRow[]> {
    return (this.db.prepare('SELECT * FROM registrations WHERE verified = 0 AND revoked = 0 ORDER BY registered_at, rid LIMIT ?').all(limit) as Row[]).map(registrationFrom);
  }
  async addPendingRegistration(r: PendingRegistrationRow): Promise<'accepted' | 'duplicate' | 'conflict'> {
    return this.db.transaction(() => {
      const ins = this.db.prepare(`INSERT INTO pending_registrations (id, device_id, nik_hash, region, name_sealed, template, consent_at, consent_text_version, captured_at, received_at, body_hash)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`)
        .run(r.id, r.deviceId, r.nikHash, r.region, r.nameSealed, JSON.stringify(r.template), r.consentAt, r.consentTextVersion, r.capturedAt, r.receivedAt, r.bodyHash);
      if (ins.changes === 1) return 'accepted' as const;
      const existing = this.db.prepare('SELECT body_hash FROM pending_registrations WHERE id = ?').pluck().get(r.id);
      if (existing === r.bodyHash) return 'duplicate' as const;
      this.db.prepare('INSERT OR IGNORE INTO item_conflicts (kind, id, device_id, received_at, body_hash, body) VALUES (?, ?, ?, ?, ?, ?)')
        .run('pending_registration', r.id, r.deviceId, r.receivedAt, r.bodyHash, JSON.stringify(r));
      return 'conflict' as const;
    }).immediate();
  }
  async listPendingRegistrations(): Promise<PendingRegistrationRow[]> {
    return (this.db.prepare('SELECT * FROM pending_registrations ORDER BY received_at').all() as Row[]).map(pendingFrom);
  }

  private visitInsert?: Database.Statement;
  private countUpsert?: Database.Statement;
  private activityQuery?: Database.Statement;
  private pendingIngest: Array<{ rows: readonly VisitRow[]; receivedAt: number; resolve: (r: IngestResult[]) => void; reject: (e: unknown) => void }> = [];
  private flushScheduled = false;

  /**
   * Group commit: batches from requests that arrive together share one transaction (one fsync);
   * each caller's promise resolves only after that commit.
   */
  async ingestVisits(rows: readonly VisitRow[], receivedAt: number): Promise<IngestResult[]> {
    return new Promise((resolve, reject) => {
      this.pendingIngest.push({ rows, receivedAt, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flushIngest());
      }
    });
  }

  private flushIngest(): void {
    this.flushScheduled = false;
    const jobs = this.pendingIngest.splice(0);
    if (jobs.length === 0) return;
    let results: IngestResult[][];
    try {
      results = this.db.transaction(() => jobs.map((j) => this.ingestRows(j.rows, j.receivedAt))).immediate();
    } catch {
      // Something in the group failed: retry each batch on its own so one cannot fail the others.
      for (const j of jobs) {
        try {
          j.resolve(this.db.transaction(() => this.ingestRows(j.rows, j.receivedAt)).immediate());
        } catch (err) {
          j.reject(err);
        }
      }
      return;
    }
    jobs.forEach((j, i) => j.resolve(results[i]!));
  }

  /** Inside a transaction. */
  private ingestRows(rows: readonly VisitRow[], receivedAt: number): IngestResult[] {
    this.visitInsert ??= this.db.prepare(`INSERT INTO visits (id, device_id, venue_id, gate_id, occurred_at, device_time, clock_offset_ms, clock_suspect, identity, nik_hash,
      outcome, reason, override_staff_id, override_reason, override_note, face_distance, liveness_score, risk_list_version, checked_out_at, received_at, body_hash)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`);
    const insert = this.visitInsert;
    const existingHash = this.db.prepare('SELECT body_hash FROM visits WHERE id = ?').pluck();
    const conflict = this.db.prepare('INSERT OR IGNORE INTO item_conflicts (kind, id, device_id, received_at, body_hash, body) VALUES (?, ?, ?, ?, ?, ?)');
    // the venue's hourly counters (venue_hour_counts): one upsert per venue and hour of the batch
    const counts = new Map<string, { venueId: string; hour: number; n: Record<VisitRow['outcome'], number> }>();
    const results = rows.map((v): IngestResult => {
      const r = insert.run(v.id, v.deviceId, v.venueId, v.gateId, v.occurredAt, v.deviceTime, v.clockOffsetMs, v.clockSuspect ? 1 : 0, v.identity, v.nikHash,
        v.outcome, v.reason, v.overrideStaffId, v.overrideReason, v.overrideNote ?? null, v.faceDistance, v.livenessScore, v.riskListVersion, v.checkedOutAt, receivedAt, v.bodyHash);
      if (r.changes === 1) {
        const hour = Math.floor(v.occurredAt / HOUR_MS) * HOUR_MS;
        const key = `${hour} ${v.venueId}`;
        let c = counts.get(key);
        if (!c) counts.set(key, (c = { venueId: v.venueId, hour, n: { ADMIT: 0, DENY: 0, REFER: 0 } }));
        c.n[v.outcome]++;
        return { id: v.id, status: 'accepted' };
      }
      if (existingHash.get(v.id) === v.bodyHash) return { id: v.id, status: 'duplicate' };
      conflict.run('visit', v.id, v.deviceId, receivedAt, v.bodyHash, JSON.stringify(v));
      return { id: v.id, status: 'conflict' };
    });
    this.countUpsert ??= this.db.prepare(`INSERT INTO venue_hour_counts (venue_id, hour_start, admitted, denied, referred) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (venue_id, hour_start) DO UPDATE SET admitted = admitted + excluded.admitted, denied = denied + excluded.denied, referred = referred + excluded.referred`);
    for (const c of counts.values()) this.countUpsert.run(c.venueId, c.hour, c.n.ADMIT, c.n.DENY, c.n.REFER);
    return results;
  }

  async applyCheckouts(deviceId: string, checkouts: ReadonlyArray<{ visitId: string; checkedOutAt: number }>): Promise<{ applied: string[]; foreign: string[] }> {
    // A device checks out visits of its own venue only (its exit gate closes its entry gate's visits).
    const upd = this.db.prepare('UPDATE visits SET checked_out_at = COALESCE(checked_out_at, ?) WHERE id = ? AND venue_id = (SELECT venue_id FROM devices WHERE id = ?)');
    const exists = this.db.prepare('SELECT 1 FROM visits WHERE id = ?').pluck();
    return this.db.transaction(() => {
      const applied: string[] = [];
      const foreign: string[] = [];
      for (const c of checkouts) {
        if (upd.run(c.checkedOutAt, c.visitId, deviceId).changes === 1) applied.push(c.visitId);
        else if (exists.get(c.visitId) !== undefined) foreign.push(c.visitId);
      }
      return { applied, foreign };
    }).immediate();
  }
  async countVisits(): Promise<number> {
    return num((this.db.prepare('SELECT COUNT(*) AS n FROM visits').get() as Row).n);
  }
  async visitIds(): Promise<string[]> {
    return this.db.prepare('SELECT id FROM visits ORDER BY id').pluck().all() as string[];
  }
  async listConflicts(): Promise<Array<{ id: string; deviceId: string; receivedAt: number; bodyHash: string }>> {
    return (this.db.prepare("SELECT * FROM item_conflicts WHERE kind = 'visit' ORDER BY received_at").all() as Row[]).map((r) => ({
      id: String(r.id), deviceId: String(r.device_id), receivedAt: num(r.received_at), bodyHash: String(r.body_hash),
    }));
  }

  async trace(p: TraceParams): Promise<TraceRows> {
    const outcomes = p.outcomes.map((o) => `'${o}'`).join(', ');
    const visits = (this.db.prepare(`SELECT id, venue_id, gate_id, nik_hash, outcome, occurred_at AS t0,
        COALESCE(checked_out_at, occurred_at + @dwell) AS t1, checked_out_at IS NOT NULL AS co
      FROM visits WHERE nik_hash = @h AND occurred_at BETWEEN @from AND @to ORDER BY occurred_at`).all({ h: p.nikHash, from: p.from, to: p.to, dwell: p.dwellMs }) as Row[]).map(tracedFrom);
    const contactStmt = this.db.prepare(`SELECT id, venue_id, gate_id, nik_hash, outcome, occurred_at AS t0,
        MIN(COALESCE(checked_out_at, occurred_at + @dwell), occurred_at + @maxStay) AS t1, checked_out_at IS NOT NULL AS co
      FROM visits
      WHERE venue_id = @venue AND occurred_at BETWEEN @lo AND @hi AND nik_hash IS NOT NULL AND nik_hash <> @h AND outcome IN (${outcomes})
        AND MIN(COALESCE(checked_out_at, occurred_at + @dwell), occurred_at + @maxStay) >= @start
      ORDER BY occurred_at`);
    const contacts: TraceRows['contacts'] = [];
    for (const v of visits) {
      if (!p.outcomes.includes(v.outcome as 'ADMIT')) continue;
      const start = v.from - p.marginMs;
      const rows = contactStmt.all({ venue: v.venueId, lo: start - MAX_STAY_MS, hi: v.to + p.marginMs, h: p.nikHash, dwell: p.dwellMs, maxStay: MAX_STAY_MS, start }) as Row[];
      for (const r of rows) contacts.push({ ...tracedFrom(r), overlapsVisitId: v.visitId });
    }
    return { visits, contacts };
  }

  async purgeVisitsBefore(before: number): Promise<number> {
    return this.db.transaction(() => {
      const n = this.db.prepare('DELETE FROM visits WHERE occurred_at < ?').run(before).changes;
      // counters of the hours wholly before the cut go with their visits
      this.db.prepare('DELETE FROM venue_hour_counts WHERE hour_start + ? <= ?').run(HOUR_MS, before);
      this.db.prepare('DELETE FROM alerts WHERE occurred_at < ?').run(before);
      this.db.prepare("DELETE FROM item_conflicts WHERE received_at < ?").run(before);
      return n;
    }).immediate();
  }
  async maintainPartitions(_now: number): Promise<void> {}

  async ingestAlerts(rows: readonly AlertRow[]): Promise<IngestResult[]> {
    const ins = this.db.prepare(`INSERT INTO alerts (id, device_id, visit_id, venue_id, gate_id, occurred_at, nik_hash, risk_status, risk_list_version, received_at, body_hash)
      VALUES (@id, @deviceId, @visitId, @venueId, @gateId, @occurredAt, @nikHash, @riskStatus, @riskListVersion, @receivedAt, @bodyHash) ON CONFLICT (id) DO NOTHING`);
    const existing = this.db.prepare('SELECT body_hash FROM alerts WHERE id = ?').pluck();
    const conflict = this.db.prepare('INSERT OR IGNORE INTO item_conflicts (kind, id, device_id, received_at, body_hash, body) VALUES (?, ?, ?, ?, ?, ?)');
    return this.db.transaction(() =>
      rows.map((a): IngestResult => {
        if (ins.run(a).changes === 1) return { id: a.id, status: 'accepted' };
        if (existing.get(a.id) === a.bodyHash) return { id: a.id, status: 'duplicate' };
        conflict.run('alert', a.id, a.deviceId, a.receivedAt, a.bodyHash, JSON.stringify(a));
        return { id: a.id, status: 'conflict' };
      }),
    ).immediate();
  }
  /** One process by design: the process storing an alert wakes its own feed, nothing to listen to. */
  watchAlerts(): () => Promise<void> {
    return async () => undefined;
  }
  async listAlerts(sinceReceivedAt: number, limit: number): Promise<AlertRow[]> {
    return (this.db.prepare('SELECT * FROM alerts WHERE received_at >= ? ORDER BY received_at, id LIMIT ?').all(sinceReceivedAt, limit) as Row[]).map(alertFrom);
  }

  // ---- City console ----
  async updateVenue(id: string, patch: Partial<Pick<VenueRow, 'name' | 'address' | 'capacity' | 'category' | 'dwellMinutes'>>): Promise<VenueRow | null> {
    const cols: Record<string, string> = { name: 'name', address: 'address', capacity: 'capacity', category: 'category', dwellMinutes: 'dwell_minutes' };
    const sets = Object.keys(patch).filter((k) => k in cols && patch[k as keyof typeof patch] !== undefined);
    if (sets.length > 0) {
      this.db.prepare(`UPDATE venues SET ${sets.map((k) => `${cols[k]} = @${k}`).join(', ')} WHERE id = @id`).run({ ...Object.fromEntries(sets.map((k) => [k, patch[k as keyof typeof patch]])), id });
    }
    return this.getVenue(id);
  }
  async listVenuesInScope(scope: VenueScope): Promise<VenueRow[]> {
    if (scope.kind === 'all') return this.listVenues();
    const list = scope.kind === 'categories' ? scope.categories : scope.venueIds;
    const col = scope.kind === 'categories' ? 'category' : 'id';
    return (this.db.prepare(`SELECT * FROM venues WHERE ${col} IN (SELECT value FROM json_each(?)) ORDER BY created_at, id`).all(JSON.stringify(list)) as Row[]).map(venueFrom);
  }
  async venueActivity(venueIds: readonly string[], dayStart: number, now: number): Promise<Array<{ venueId: string; entriesToday: number; present: number }>> {
    if (venueIds.length === 0) return [];
    this.activityQuery ??= this.db.prepare(VENUE_ACTIVITY_SQLITE);
    const rows = this.activityQuery.all({ ids: JSON.stringify(venueIds), day: dayStart, now }) as Row[];
    return rows.map((r) => ({ venueId: String(r.venue_id), entriesToday: num(r.entries), present: num(r.present) }));
  }
  async ensureAgencies(agencies: ReadonlyArray<Omit<AgencyRow, 'createdAt'>>, now: number): Promise<void> {
    const ins = this.db.prepare('INSERT INTO agencies (id, name, categories, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING');
    this.db.transaction(() => agencies.forEach((a) => ins.run(a.id, a.name, JSON.stringify(a.categories), now)))();
  }
  async createAgency(a: AgencyRow): Promise<void> {
    this.db.prepare('INSERT INTO agencies (id, name, categories, created_at) VALUES (?, ?, ?, ?)').run(a.id, a.name, JSON.stringify(a.categories), a.createdAt);
  }
  async updateAgency(id: string, patch: Partial<Pick<AgencyRow, 'name' | 'categories'>>): Promise<AgencyRow | null> {
    if (patch.name !== undefined) this.db.prepare('UPDATE agencies SET name = ? WHERE id = ?').run(patch.name, id);
    if (patch.categories !== undefined) this.db.prepare('UPDATE agencies SET categories = ? WHERE id = ?').run(JSON.stringify(patch.categories), id);
    return this.getAgency(id);
  }
  async getAgency(id: string): Promise<AgencyRow | null> {
    const r = this.db.prepare('SELECT * FROM agencies WHERE id = ?').get(id) as Row | undefined;
    return r ? agencyFrom(r) : null;
  }
  async listAgencies(): Promise<AgencyRow[]> {
    return (this.db.prepare('SELECT * FROM agencies ORDER BY id').all() as Row[]).map(agencyFrom);
  }

  private static readonly USER_SQL = `SELECT u.*, (SELECT json_group_array(venue_id) FROM console_user_venues v WHERE v.user_id = u.id) AS venue_ids FROM console_users u`;
  private setUserVenues(userId: string, venueIds: readonly string[]): void {
    this.db.prepare('DELETE FROM console_user_venues WHERE user_id = ?').run(userId);
    const ins = this.db.prepare('INSERT INTO console_user_venues (user_id, venue_id) VALUES (?, ?)');
    for (const v of new Set(venueIds)) ins.run(userId, v);
  }
  async createConsoleUser(u: ConsoleUserRow): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare(`INSERT INTO console_users (id, username, display_name, password_hash, role, agency_id, totp_sealed, disabled_at, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(u.id, u.username, u.displayName, u.passwordHash, u.role, u.agencyId, u.totpSealed, u.disabledAt, u.createdAt, u.updatedAt);
      this.setUserVenues(u.id, u.venueIds);
    }).immediate();
  }
  async getConsoleUser(id: string): Promise<ConsoleUserRow | null> {
    const r = this.db.prepare(`${SqliteStore.USER_SQL} WHERE u.id = ?`).get(id) as Row | undefined;
    return r ? consoleUserFrom(r) : null;
  }
  async getConsoleUserByName(username: string): Promise<ConsoleUserRow | null> {
    const r = this.db.prepare(`${SqliteStore.USER_SQL} WHERE u.username = ?`).get(username) as Row | undefined;
    return r ? consoleUserFrom(r) : null;
  }
  async listConsoleUsers(): Promise<ConsoleUserRow[]> {
    return (this.db.prepare(`${SqliteStore.USER_SQL} ORDER BY u.username`).all() as Row[]).map(consoleUserFrom);
  }
  async updateConsoleUser(id: string, patch: ConsoleUserPatch): Promise<ConsoleUserRow | null> {
    const cols: Record<string, string> = { displayName: 'display_name', passwordHash: 'password_hash', role: 'role', agencyId: 'agency_id', totpSealed: 'totp_sealed', disabledAt: 'disabled_at', updatedAt: 'updated_at' };
    const sets = Object.keys(patch).filter((k) => k in cols && patch[k as keyof ConsoleUserPatch] !== undefined);
    const found = this.db.transaction(() => {
      const r = this.db.prepare(`UPDATE console_users SET ${sets.map((k) => `${cols[k]} = @${k}`).join(', ')} WHERE id = @id`)
        .run({ ...Object.fromEntries(sets.map((k) => [k, patch[k as keyof ConsoleUserPatch]])), id });
      if (r.changes === 1 && patch.venueIds) this.setUserVenues(id, patch.venueIds);
      return r.changes === 1;
    }).immediate();
    return found ? this.getConsoleUser(id) : null;
  }

  async createSession(x: ConsoleSessionRow): Promise<void> {
    this.db.prepare('INSERT INTO console_sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, address) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(x.idHash, x.userId, x.csrfToken, x.createdAt, x.lastSeenAt, x.expiresAt, x.address);
  }
  async getSession(idHash: string): Promise<ConsoleSessionRow | null> {
    const r = this.db.prepare('SELECT * FROM console_sessions WHERE id_hash = ?').get(idHash) as Row | undefined;
    return r ? sessionFrom(r) : null;
  }
  async touchSession(idHash: string, at: number): Promise<void> {
    this.db.prepare('UPDATE console_sessions SET last_seen_at = ? WHERE id_hash = ? AND last_seen_at < ?').run(at, idHash, at);
  }
  async deleteSession(idHash: string): Promise<void> {
    this.db.prepare('DELETE FROM console_sessions WHERE id_hash = ?').run(idHash);
  }
  async deleteUserSessions(userId: string): Promise<number> {
    return this.db.prepare('DELETE FROM console_sessions WHERE user_id = ?').run(userId).changes;
  }
  async purgeSessions(now: number, idleMs: number): Promise<number> {
    return this.db.prepare('DELETE FROM console_sessions WHERE expires_at <= ? OR last_seen_at + ? <= ?').run(now, idleMs, now).changes;
  }

  async createApiKey(k: ApiKeyRow): Promise<void> {
    this.db.prepare(`INSERT INTO api_keys (id, name, role, agency_id, venue_ids, secret_hash, legacy, created_at, created_by, revoked_at, last_used_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(k.id, k.name, k.role, k.agencyId, JSON.stringify(k.venueIds), k.secretHash, k.legacy ? 1 : 0, k.createdAt, k.createdBy, k.revokedAt, k.lastUsedAt);
  }
  async getApiKey(id: string): Promise<ApiKeyRow | null> {
    const r = this.db.prepare('SELECT * FROM api_keys WHERE id = ?').get(id) as Row | undefined;
    return r ? apiKeyFrom(r) : null;
  }
  async listApiKeys(): Promise<ApiKeyRow[]> {
    return (this.db.prepare('SELECT * FROM api_keys ORDER BY created_at, id').all() as Row[]).map(apiKeyFrom);
  }
  async revokeApiKey(id: string, at: number): Promise<boolean> {
    return this.db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id).changes === 1;
  }
  async touchApiKey(id: string, at: number): Promise<void> {
    this.db.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ?').run(at, id);
  }

  async reserveLoginAttempt(rules: readonly ThrottleRule[], now: number): Promise<ReserveLoginResult> {
    const get = this.db.prepare('SELECT failures, locked_until, updated_at FROM login_throttle WHERE key = ?');
    const put = this.db.prepare(`INSERT INTO login_throttle (key, failures, locked_until, updated_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until, updated_at = excluded.updated_at`);
    return this.db.transaction((): ReserveLoginResult => {
      const steps = rules.map((rule) => ({ rule, step: reserveStep(throttleFrom(get.get(rule.key) as Row | undefined), rule.policy, now) }));
      const refused = steps.flatMap((s) => (s.step.allowed ? [] : [s.step.retryAt]));
      if (refused.length > 0) return { allowed: false, retryAt: Math.max(...refused) };
      for (const { rule, step } of steps) if (step.allowed) put.run(rule.key, step.next.failures, step.next.lockedUntil, step.next.updatedAt);
      return { allowed: true };
    }).immediate();
  }
  async settleLoginAttempt(rule: ThrottleRule, how: 'reset' | 'undo'): Promise<void> {
    this.db.transaction(() => {
      if (how === 'reset') return void this.db.prepare('DELETE FROM login_throttle WHERE key = ?').run(rule.key);
      const cur = throttleFrom(this.db.prepare('SELECT failures, locked_until, updated_at FROM login_throttle WHERE key = ?').get(rule.key) as Row | undefined);
      if (!cur) return;
      const next = undoStep(cur, rule.policy);
      this.db.prepare('UPDATE login_throttle SET failures = ?, locked_until = ? WHERE key = ?').run(next.failures, next.lockedUntil, rule.key);
    }).immediate();
  }

  async getAlert(id: string): Promise<AlertRow | null> {
    const r = this.db.prepare('SELECT * FROM alerts WHERE id = ?').get(id) as Row | undefined;
    return r ? alertFrom(r) : null;
  }
  async alertHandling(alertIds: readonly string[]): Promise<AlertHandlingRow[]> {
    if (alertIds.length === 0) return [];
    return (this.db.prepare('SELECT * FROM alert_handling WHERE alert_id IN (SELECT value FROM json_each(?))').all(JSON.stringify(alertIds)) as Row[]).map(alertHandlingFrom);
  }
  async setAlertHandling(alertId: string, patch: { acknowledgedAt?: number; acknowledgedBy?: string; assignedTo?: string }, now: number): Promise<AlertHandlingRow> {
    this.db.prepare(`INSERT INTO alert_handling (alert_id, acknowledged_at, acknowledged_by, assigned_to, updated_at) VALUES (@id, @at, @by, @to, @now)
      ON CONFLICT (alert_id) DO UPDATE SET acknowledged_at = COALESCE(alert_handling.acknowledged_at, excluded.acknowledged_at),
        acknowledged_by = COALESCE(alert_handling.acknowledged_by, excluded.acknowledged_by), assigned_to = COALESCE(excluded.assigned_to, alert_handling.assigned_to), updated_at = excluded.updated_at`)
      .run({ id: alertId, at: patch.acknowledgedAt ?? null, by: patch.acknowledgedBy ?? null, to: patch.assignedTo ?? null, now });
    return alertHandlingFrom(this.db.prepare('SELECT * FROM alert_handling WHERE alert_id = ?').get(alertId) as Row);
  }

  async createTracingCase(c: TracingCaseRow): Promise<void> {
    this.db.prepare(`INSERT INTO tracing_cases (id, owner_id, owner_name, nik_sealed, nik_hash, nik_masked, purpose, legal_basis_category, legal_basis, window_from, opened_at, closed_at, close_note)
      VALUES (@id, @ownerId, @ownerName, @nikSealed, @nikHash, @nikMasked, @purpose, @legalBasisCategory, @legalBasis, @windowFrom, @openedAt, @closedAt, @closeNote)`).run(c);
  }
  async getTracingCase(id: string): Promise<TracingCaseRow | null> {
    const r = this.db.prepare('SELECT * FROM tracing_cases WHERE id = ?').get(id) as Row | undefined;
    return r ? tracingCaseFrom(r) : null;
  }
  async listTracingCases(ownerId: string | null): Promise<TracingCaseRow[]> {
    const rows = ownerId === null
      ? this.db.prepare('SELECT * FROM tracing_cases ORDER BY opened_at DESC, id').all()
      : this.db.prepare('SELECT * FROM tracing_cases WHERE owner_id = ? ORDER BY opened_at DESC, id').all(ownerId);
    return (rows as Row[]).map(tracingCaseFrom);
  }
  async closeTracingCase(id: string, at: number, note: string | null): Promise<TracingCaseRow | null> {
    this.db.prepare('UPDATE tracing_cases SET closed_at = ?, close_note = ? WHERE id = ? AND closed_at IS NULL').run(at, note, id);
    return this.getTracingCase(id);
  }

  async appendAudit(e: AuditEntryInput): Promise<AuditEntryRow> {
    return this.db.transaction((): AuditEntryRow => {
      const last = this.db.prepare('SELECT seq, hash FROM console_audit ORDER BY seq DESC LIMIT 1').get() as Row | undefined;
      const seq = last ? num(last.seq) + 1 : 1;
      const prevHash = last ? String(last.hash) : AUDIT_GENESIS;
      const hash = auditHash(prevHash, seq, e);
      this.db.prepare(`INSERT INTO console_audit (seq, at, actor_kind, actor_id, actor_name, actor_role, action, target, purpose, address, details, prev_hash, hash)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(seq, e.at, e.actorKind, e.actorId, e.actorName, e.actorRole, e.action, e.target, e.purpose, e.address, JSON.stringify(e.details), prevHash, hash);
      return { ...e, seq, prevHash, hash };
    }).immediate();
  }
  async listAudit(q: { afterSeq?: number; from?: number; to?: number; limit: number }): Promise<AuditEntryRow[]> {
    return (this.db.prepare('SELECT * FROM console_audit WHERE seq > ? AND at >= ? AND at <= ? ORDER BY seq LIMIT ?')
      .all(q.afterSeq ?? 0, q.from ?? 0, q.to ?? Number.MAX_SAFE_INTEGER, q.limit) as Row[]).map(auditFrom);
  }
  async saveVenuePolicy(row: VenuePolicyRow): Promise<boolean> {
    const r = this.db.prepare('INSERT INTO venue_policies (venue_id, version, signed, issued_at, created_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING')
      .run(row.venueId, row.version, JSON.stringify(row.signed), row.issuedAt, row.createdBy);
    return r.changes === 1;
  }
  async latestVenuePolicy(venueId: string): Promise<VenuePolicyRow | null> {
    return (await this.listVenuePolicies(venueId, 1))[0] ?? null;
  }
  async listVenuePolicies(venueId: string, limit: number): Promise<VenuePolicyRow[]> {
    return (this.db.prepare('SELECT * FROM venue_policies WHERE venue_id = ? ORDER BY version DESC LIMIT ?').all(venueId, limit) as Row[]).map(venuePolicyFrom);
  }
  async venueEntriesByHour(venueId: string, from: number, to: number): Promise<HourlyEntriesRow[]> {
    const rows = this.db.prepare(`SELECT hour_start AS hour, admitted, denied, referred FROM venue_hour_counts
      WHERE venue_id = ? AND hour_start >= ? AND hour_start < ? ORDER BY hour_start`).all(venueId, from, to) as Row[];
    return rows.map((r) => ({ hourStart: num(r.hour), admitted: num(r.admitted), denied: num(r.denied), referred: num(r.referred) }));
  }
  async listAuditByTarget(target: string, limit: number): Promise<AuditEntryRow[]> {
    return (this.db.prepare('SELECT * FROM console_audit WHERE target = ? ORDER BY seq DESC LIMIT ?').all(target, limit) as Row[]).map(auditFrom);
  }
}

