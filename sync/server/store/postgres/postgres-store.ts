// PostgreSQL backend for a whole city: visits partitioned by day (retention drops partitions),
// ingest as one INSERT … SELECT FROM unnest(…) ON CONFLICT DO NOTHING plus a conflict check.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Heartbeat } from '../../../protocol/api/heartbeat';
import type { SignedRiskManifest } from '../../../protocol/api/risk';
import { loadMigrations } from '../migrations';
import { tracingCaseFrom, alertHandlingFrom, agencyFrom, apiKeyFrom, auditFrom, consoleUserFrom, gateFrom, num, registrationUpsertValues, numOrNull, sessionFrom, strOrNull, throttleFrom, venueFrom, type Row } from '../row-mappers';
import { AUDIT_GENESIS, auditHash } from '../audit-chain';
import { venuePolicyFrom } from '../venue-rows';
import { reserveStep, undoStep } from '../login-throttle';
import type { ThrottleRule } from '../login-throttle';
import type { VenueScope } from '../../../protocol/console/roles';
import { pgBoolArray, pgNumberArray, pgTextArray } from './pg-arrays';
import { ALERT_CHANNEL, alertPayload, AlertListener } from './alert-listener';
import type { EventLogger } from '../../../protocol/log-events';
import { MAX_STAY_MS } from '../sqlite/sqlite-store';
import type {
  TracingCaseRow, AlertHandlingRow, AgencyRow, ApiKeyRow, AuditEntryInput, AuditEntryRow, ConsoleSessionRow, HourlyEntriesRow, VenuePolicyRow, ConsoleUserPatch, ConsoleUserRow, ReserveLoginResult,
  AlertRow, ConsumeCodeResult, DeviceRow, ExclusiveJob, GateRow, IngestResult, PendingRegistrationRow, PublishRiskVersion,
  RegistrationReviewRow, RegistrationRow, RegistrationUpsert, RiskVersionRow, ServerStore, TraceParams, TraceRows, TracedVisit, VenueRow, VisitRow,
} from '../types';

// Columns named, not *: a prepared SELECT * fails for good on its connection once a migration adds a column.
const GET_DEVICE_SQL = 'SELECT id, public_key, venue_id, gate_id, name, enrolled_at, revoked_at, last_seen_at, heartbeat FROM devices WHERE id = $1';
// Named (prepared once per connection): the per-request statements of the ingest path skip parse and plan.
const INGEST_VISITS_SQL = `
        WITH input AS (
          SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[], $8::boolean[], $9::text[], $10::text[],
                               $11::text[], $12::text[], $13::text[], $14::text[], $15::float8[], $16::float8[], $17::integer[], $18::bigint[], $19::text[], $21::text[]) WITH ORDINALITY
            AS t(id, device_id, venue_id, gate_id, occurred_at, device_time, clock_offset_ms, clock_suspect, identity, nik_hash,
                 outcome, reason, override_staff_id, override_reason, face_distance, liveness_score, risk_list_version, checked_out_at, body_hash, override_note, n)
        ), new_keys AS (
          INSERT INTO visit_keys (id, body_hash, occurred_at) SELECT id, body_hash, occurred_at FROM input ON CONFLICT (id) DO NOTHING RETURNING id
        ), new_visits AS (
          INSERT INTO visits (id, device_id, venue_id, gate_id, occurred_at, device_time, clock_offset_ms, clock_suspect, identity, nik_hash,
                              outcome, reason, override_staff_id, override_reason, override_note, face_distance, liveness_score, risk_list_version, checked_out_at, received_at)
          SELECT i.id, i.device_id, i.venue_id, i.gate_id, i.occurred_at, i.device_time, i.clock_offset_ms, i.clock_suspect, i.identity, decode(i.nik_hash, 'hex'),
                 i.outcome, i.reason, i.override_staff_id, i.override_reason, i.override_note, i.face_distance, i.liveness_score, i.risk_list_version, i.checked_out_at, $20
          FROM input i JOIN new_keys k ON k.id = i.id
          RETURNING id, venue_id, occurred_at, outcome
        ), counted AS (
          -- the venue's hourly counters (venue_hour_counts), in this connection's shard (migration 012:
          -- concurrent writers of one busy venue-hour would otherwise queue on one row's lock), in key
          -- order so that two batches upserting the same venue-hours wait for each other instead of deadlocking
          INSERT INTO venue_hour_counts (venue_id, hour_start, shard, admitted, denied, referred)
          SELECT venue_id, (occurred_at / 3600000) * 3600000 AS h, (pg_backend_pid() % 16)::smallint, COUNT(*) FILTER (WHERE outcome = 'ADMIT'),
                 COUNT(*) FILTER (WHERE outcome = 'DENY'), COUNT(*) FILTER (WHERE outcome = 'REFER')
          FROM new_visits GROUP BY venue_id, h ORDER BY venue_id, h
          ON CONFLICT (venue_id, hour_start, shard) DO UPDATE SET admitted = venue_hour_counts.admitted + EXCLUDED.admitted,
            denied = venue_hour_counts.denied + EXCLUDED.denied, referred = venue_hour_counts.referred + EXCLUDED.referred
        )
        SELECT i.n FROM input i WHERE NOT EXISTS (SELECT 1 FROM new_visits v WHERE v.id = i.id)`;

/**
 * The console overview's counts per venue (exported for the bench's floor, which runs it bare):
 * entries today from the hourly counters (the WIB day starts on a whole hour), and who is inside now:
 * ADMIT visits of the venue's last dwell window, not checked out, by an index-only scan of
 * visits_venue_time, one range per venue. A checkout stamped in the future by a kiosk clock that runs
 * ahead keeps a visit present only within the dwell window.
 */
export const VENUE_ACTIVITY_POSTGRES = `SELECT ve.id AS venue_id,
    (SELECT COALESCE(SUM(c.admitted), 0) FROM venue_hour_counts c WHERE c.venue_id = ve.id AND c.hour_start >= $2 AND c.hour_start <= $3) AS entries,
    (SELECT COUNT(*) FROM visits v WHERE v.venue_id = ve.id AND v.occurred_at > $3 - ve.dwell_minutes * 60000 AND v.occurred_at <= $3
       AND v.outcome = 'ADMIT' AND COALESCE(v.checked_out_at, v.occurred_at + ve.dwell_minutes * 60000) > $3) AS present
  FROM venues ve WHERE ve.id = ANY($1::text[])`;
const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const DAY_MS = 86_400_000;

function deviceFrom(r: Row): DeviceRow {
  return {
    id: String(r.id), publicKey: String(r.public_key), venueId: String(r.venue_id), gateId: String(r.gate_id), name: strOrNull(r.name),
    enrolledAt: num(r.enrolled_at), revokedAt: numOrNull(r.revoked_at), lastSeenAt: numOrNull(r.last_seen_at), heartbeat: (r.heartbeat as Heartbeat | null) ?? null,
  };
}
function versionFrom(r: Row): RiskVersionRow {
  return {
    listId: String(r.list_id), version: num(r.version), publishedAt: num(r.published_at), entryCount: num(r.entry_count), setDigest: String(r.set_digest),
    snapshot: r.snapshot as SignedRiskManifest, delta: r.delta && r.delta_kept ? (r.delta as SignedRiskManifest) : null,
  };
}
function registrationFrom(r: Row): RegistrationRow {
  return {
    rid: String(r.rid), nikHash: String(r.nik_hash), region: String(r.region), nameSealed: String(r.name_sealed), templates: r.templates as RegistrationRow['templates'],
    revoked: Boolean(r.revoked), source: r.source as RegistrationRow['source'], updatedAt: num(r.updated_at), seq: num(r.seq),
    verified: Boolean(r.verified), verifiedAt: numOrNull(r.verified_at), verifiedBy: strOrNull(r.verified_by),
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
    template: r.template as PendingRegistrationRow['template'], consentAt: num(r.consent_at), consentTextVersion: String(r.consent_text_version),
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
  return { visitId: String(r.id), venueId: String(r.venue_id), gateId: String(r.gate_id), nikHash: String(r.nik_hash), from: num(r.t0), to: num(r.t1), checkedOut: Boolean(r.co), outcome: String(r.outcome) };
}

/** The smallest UUIDv7 of a millisecond: every id created before it sorts below. */
export function uuidV7Floor(ms: number): string {
  const hex = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0').slice(-12);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7000-8000-000000000000`;
}

function partitionName(dayStart: number): string {
  return `visits_p${new Date(dayStart).toISOString().slice(0, 10).replace(/-/g, '')}`;
}
function dayOfPartition(name: string): number | null {
  const m = /^visits_p(\d{4})(\d{2})(\d{2})$/.exec(name);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
}

export interface PostgresStoreOptions {
  url: string;
  /** schema to use (created if missing); default public */
  schema?: string;
  poolSize?: number;
  /** days of partitions made ahead of now */
  partitionDaysAhead?: number;
  /** days of partitions made behind now (cover late uploads within retention) */
  partitionDaysBehind?: number;
}

export class PostgresStore implements ServerStore {
  readonly backend = 'postgres' as const;
  readonly pool: pg.Pool;
  readonly schema: string;
  private nonceWrites = 0;

  constructor(private readonly opts: PostgresStoreOptions) {
    this.schema = opts.schema ?? 'public';
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(this.schema)) throw new Error(`invalid schema name ${this.schema}`);
    this.pool = new pg.Pool({ connectionString: opts.url, max: opts.poolSize ?? 10, options: `-c search_path=${this.schema}`, application_name: `jejak-city:${this.schema}` });
    // An idle client losing its connection (database restart) must not crash the server.
    this.pool.on('error', () => undefined);
    // Nonces commit asynchronously (no WAL flush wait): they only guard the signature window.
    this.noncePool = new pg.Pool({ connectionString: opts.url, max: 2, options: `-c search_path=${this.schema} -c synchronous_commit=off`, application_name: `jejak-city:${this.schema}` });
    this.noncePool.on('error', () => undefined);
  }
  private readonly noncePool: pg.Pool;

  async exclusive<T>(job: ExclusiveJob, fn: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
    // Keyed by schema too: servers of other cities (or tests) on the same database do not exclude each other.
    const c = await this.pool.connect();
    let broken = false;
    try {
      const got = (await c.query('SELECT pg_try_advisory_lock(hashtext($1), hashtext($2)) AS ok', [this.schema, `jejak-job:${job}`])).rows[0] as { ok: boolean };
      if (!got.ok) return { ran: false };
      try {
        return { ran: true, value: await fn() };
      } finally {
        await c.query('SELECT pg_advisory_unlock(hashtext($1), hashtext($2))', [this.schema, `jejak-job:${job}`]).catch(() => {
          broken = true; // the session is gone, and the lock with it
        });
      }
    } finally {
      c.release(broken);
    }
  }

  private async tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    let broken = false;
    try {
      await c.query('BEGIN');
      const out = await fn(c);
      await c.query('COMMIT');
      return out;
    } catch (err) {
      // A connection that cannot even roll back (database restarted) must not go back to the pool.
      await c.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw err;
    } finally {
      c.release(broken);
    }
  }

  private async q(sql: string, params: unknown[] = []): Promise<Row[]> {
    return (await this.pool.query(sql, params)).rows as Row[];
  }

  async migrate(): Promise<void> {
    const migrations = loadMigrations(MIGRATIONS_DIR);
    await this.tx(async (c) => {
      // Lock first: two server processes starting at once on a new schema would both try CREATE SCHEMA
      // (IF NOT EXISTS does not serialise concurrent creators: one fails on pg_namespace's unique index).
      await c.query("SELECT pg_advisory_xact_lock(hashtext('jejak-migrate'))");
      await c.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
      await c.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
      const current = num((await c.query('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations')).rows[0].v);
      if (current > migrations.length) throw new Error(`database schema version ${current} is newer than this server (${migrations.length}); refusing to run`);
      for (const m of migrations.slice(current)) {
        await c.query(m.sql);
        await c.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      }
    });
  }

  private closed = false;
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.listeners].map((l) => l.close()));
    this.listeners.clear();
    await this.noncePool.end().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
  }

  async ping(): Promise<boolean> {
    try {
      await this.pool.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async createVenue(v: VenueRow): Promise<void> {
    await this.q('INSERT INTO venues (id, name, address, capacity, region, dwell_minutes, category, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
      [v.id, v.name, v.address, v.capacity, v.region, v.dwellMinutes, v.category, v.createdAt]);
  }
  async getVenue(id: string): Promise<VenueRow | null> {
    const [r] = await this.q('SELECT * FROM venues WHERE id = $1', [id]);
    return r ? venueFrom(r) : null;
  }
  async listVenues(): Promise<VenueRow[]> {
    return (await this.q('SELECT * FROM venues ORDER BY created_at, id')).map(venueFrom);
  }
  async createGate(g: GateRow): Promise<void> {
    await this.q('INSERT INTO gates (id, venue_id, name, direction) VALUES ($1, $2, $3, $4)', [g.id, g.venueId, g.name, g.direction]);
  }
  async getGate(id: string): Promise<GateRow | null> {
    const [r] = await this.q('SELECT * FROM gates WHERE id = $1', [id]);
    return r ? gateFrom(r) : null;
  }
  async listGates(venueId: string): Promise<GateRow[]> {
    return (await this.q('SELECT * FROM gates WHERE venue_id = $1 ORDER BY id', [venueId])).map(gateFrom);
  }
  async getGates(ids: readonly string[]): Promise<GateRow[]> {
    if (ids.length === 0) return [];
    return (await this.q('SELECT * FROM gates WHERE id = ANY($1::text[]) ORDER BY id', [[...ids]])).map(gateFrom);
  }

  async createEnrolmentCode(c: { codeHash: string; venueId: string; gateId: string; createdAt: number; expiresAt: number }): Promise<void> {
    await this.q('INSERT INTO enrolment_codes (code_hash, venue_id, gate_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)', [c.codeHash, c.venueId, c.gateId, c.createdAt, c.expiresAt]);
  }
  async consumeEnrolmentCode(codeHash: string, now: number, device: { id: string; publicKey: string; name: string | null }): Promise<ConsumeCodeResult> {
    return this.tx(async (c): Promise<ConsumeCodeResult> => {
      const code = (await c.query('SELECT * FROM enrolment_codes WHERE code_hash = $1 FOR UPDATE', [codeHash])).rows[0] as Row | undefined;
      if (!code) return { ok: false, reason: 'enrol_code_unknown' };
      if (code.used_at !== null) return { ok: false, reason: 'enrol_code_used' };
      if (num(code.expires_at) <= now) return { ok: false, reason: 'enrol_code_expired' };
      if ((await c.query('SELECT 1 FROM devices WHERE public_key = $1', [device.publicKey])).rowCount) return { ok: false, reason: 'device_key_in_use' };
      await c.query('UPDATE enrolment_codes SET used_at = $1, device_id = $2 WHERE code_hash = $3', [now, device.id, codeHash]);
      const r = await c.query('INSERT INTO devices (id, public_key, venue_id, gate_id, name, enrolled_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *',
        [device.id, device.publicKey, code.venue_id, code.gate_id, device.name, now]);
      return { ok: true, device: deviceFrom(r.rows[0] as Row) };
    });
  }
  async getDevice(id: string): Promise<DeviceRow | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const [r] = (await this.pool.query({ name: 'get-device', text: GET_DEVICE_SQL }, [id])).rows as Row[];
    return r ? deviceFrom(r) : null;
  }
  async listDevices(): Promise<DeviceRow[]> {
    return (await this.q('SELECT * FROM devices ORDER BY enrolled_at, id')).map(deviceFrom);
  }
  async listDevicesAt(venueIds: readonly string[]): Promise<DeviceRow[]> {
    if (venueIds.length === 0) return [];
    return (await this.q('SELECT * FROM devices WHERE venue_id = ANY($1::text[]) ORDER BY enrolled_at, id', [[...venueIds]])).map(deviceFrom);
  }
  async revokeDevice(id: string, at: number): Promise<boolean> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return false;
    const r = await this.pool.query('UPDATE devices SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2', [at, id]);
    return r.rowCount === 1;
  }
  async recordHeartbeat(deviceId: string, hb: Heartbeat, at: number): Promise<void> {
    await this.q('UPDATE devices SET heartbeat = $1, last_seen_at = $2 WHERE id = $3', [JSON.stringify(hb), at, deviceId]);
  }
  async touchDevice(deviceId: string, at: number): Promise<void> {
    await this.q('UPDATE devices SET last_seen_at = $1 WHERE id = $2 AND (last_seen_at IS NULL OR last_seen_at < $1)', [at, deviceId]);
  }
  async useNonce(deviceId: string, nonce: string, expiresAt: number, now: number): Promise<boolean> {
    if (++this.nonceWrites % 1000 === 0) await this.noncePool.query('DELETE FROM device_nonces WHERE expires_at < $1', [now]);
    const r = await this.noncePool.query({ name: 'use-nonce', text: 'INSERT INTO device_nonces (device_id, nonce, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING' }, [deviceId, nonce, expiresAt]);
    return r.rowCount === 1;
  }

  async latestRiskVersion(listId: string): Promise<RiskVersionRow | null> {
    const [r] = await this.q('SELECT * FROM risk_versions WHERE list_id = $1 ORDER BY version DESC LIMIT 1', [listId]);
    return r ? versionFrom(r) : null;
  }
  async riskVersionsAfter(listId: string, since: number): Promise<RiskVersionRow[]> {
    return (await this.q('SELECT * FROM risk_versions WHERE list_id = $1 AND version > $2 ORDER BY version', [listId, since])).map(versionFrom);
  }
  async oldestDeltaVersion(listId: string): Promise<number | null> {
    const [r] = await this.q('SELECT MIN(version) AS v FROM risk_versions WHERE list_id = $1 AND delta IS NOT NULL AND delta_kept', [listId]);
    return numOrNull(r?.v);
  }
  async currentRiskSnapshot(listId: string): Promise<Buffer[]> {
    const latest = await this.latestRiskVersion(listId);
    if (!latest) return [];
    const rows = await this.q("SELECT bytes FROM risk_chunks WHERE list_id = $1 AND version = $2 AND kind = 'snapshot' ORDER BY idx", [listId, latest.version]);
    return rows.map((r) => r.bytes as Buffer);
  }
  async publishRiskVersion(p: PublishRiskVersion): Promise<void> {
    await this.tx(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`jejak-risk:${p.listId}`]);
      const latest = numOrNull((await c.query('SELECT MAX(version) AS v FROM risk_versions WHERE list_id = $1', [p.listId])).rows[0].v) ?? 0;
      if (latest !== p.previousVersion) throw new Error(`risk list ${p.listId} moved on to version ${latest} meanwhile; import again`);
      await c.query('INSERT INTO risk_versions (list_id, version, published_at, entry_count, set_digest, snapshot, delta) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [p.listId, p.version, p.publishedAt, p.entryCount, p.setDigest, JSON.stringify(p.snapshot), p.delta ? JSON.stringify(p.delta) : null]);
      const ins = 'INSERT INTO risk_chunks (sha256, list_id, version, kind, idx, bytes) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING';
      const copy = `INSERT INTO risk_chunks (sha256, list_id, version, kind, idx, bytes)
        SELECT sha256, list_id, $1, 'snapshot', $2, bytes FROM risk_chunks WHERE sha256 = $3 AND list_id = $4 AND kind = 'snapshot' AND version = $5 ON CONFLICT DO NOTHING`;
      for (const ch of p.snapshot.manifest.chunks) {
        const bytes = p.chunks.get(ch.sha256);
        if (bytes) await c.query(ins, [ch.sha256, p.listId, p.version, 'snapshot', ch.index, bytes]);
        else if ((await c.query(copy, [p.version, ch.index, ch.sha256, p.listId, p.previousVersion])).rowCount !== 1) throw new Error(`snapshot chunk ${ch.sha256.slice(0, 12)}… is neither sent nor in version ${p.previousVersion}`);
      }
      for (const ch of p.delta?.manifest.chunks ?? []) await c.query(ins, [ch.sha256, p.listId, p.version, 'delta', ch.index, p.chunks.get(ch.sha256)!]);
      await c.query("DELETE FROM risk_chunks WHERE list_id = $1 AND kind = 'snapshot' AND version < $2", [p.listId, p.version]);
      const cutoff = p.version - p.keepDeltaVersions;
      await c.query("DELETE FROM risk_chunks WHERE list_id = $1 AND kind = 'delta' AND version <= $2", [p.listId, cutoff]);
      await c.query('UPDATE risk_versions SET delta_kept = false WHERE list_id = $1 AND version <= $2', [p.listId, cutoff]);
    });
  }
  async getRiskChunk(sha256: string): Promise<Buffer | null> {
    const [r] = await this.q('SELECT bytes FROM risk_chunks WHERE sha256 = $1 LIMIT 1', [sha256]);
    return r ? (r.bytes as Buffer) : null;
  }

  async upsertRegistration(r: RegistrationUpsert): Promise<RegistrationRow> {
    const v = registrationUpsertValues(r);
    // Writers take seq numbers one at a time and commit in that order: a kiosk that has read up to
    // cursor N can never later miss a row with a smaller seq committed after it looked.
    return this.tx(async (c) => {
      await c.query("SELECT pg_advisory_xact_lock(hashtext('jejak-registrations-seq'))");
      const [row] = (await c.query(`INSERT INTO registrations (rid, nik_hash, region, name_sealed, templates, revoked, source, updated_at, seq, verified, verified_at, verified_by, registered_at, contact_sealed)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, nextval('registrations_seq'), $9, $10, $11, $8, $12)
      ON CONFLICT (nik_hash) DO UPDATE SET region = excluded.region, name_sealed = excluded.name_sealed, templates = excluded.templates,
        revoked = excluded.revoked, source = excluded.source, updated_at = excluded.updated_at, seq = nextval('registrations_seq'),
        verified = excluded.verified, verified_at = excluded.verified_at, verified_by = excluded.verified_by,
        registered_at = CASE WHEN registrations.revoked OR registrations.registered_at IS NULL THEN excluded.registered_at ELSE registrations.registered_at END,
        contact_sealed = CASE WHEN $13::boolean THEN excluded.contact_sealed ELSE registrations.contact_sealed END
      RETURNING *`, [r.rid, r.nikHash, r.region, r.nameSealed, JSON.stringify(r.templates), r.revoked, r.source, r.updatedAt, v.verified, v.verifiedAt, v.verifiedBy, v.contactSealed, v.contactSet])).rows as Row[];
      return registrationFrom(row!);
    });
  }
  async getRegistrationByNikHash(nikHash: string): Promise<RegistrationRow | null> {
    const [r] = await this.q('SELECT * FROM registrations WHERE nik_hash = $1', [nikHash]);
    return r ? registrationFrom(r) : null;
  }
  async listRegistrations(region: string, afterSeq: number, limit: number): Promise<RegistrationRow[]> {
    return (await this.q('SELECT * FROM registrations WHERE region = $1 AND seq > $2 ORDER BY seq LIMIT $3', [region, afterSeq, limit])).map(registrationFrom);
  }
  async getRegistrationByRid(rid: string): Promise<RegistrationRow | null> {
    const [r] = await this.q('SELECT * FROM registrations WHERE rid = $1', [rid]);
    return r ? registrationFrom(r) : null;
  }
  async listAllRegistrations(afterSeq: number, limit: number): Promise<RegistrationRow[]> {
    return (await this.q('SELECT * FROM registrations WHERE seq > $1 ORDER BY seq LIMIT $2', [afterSeq, limit])).map(registrationFrom);
  }
  async addRegistrationReview(r: RegistrationReviewRow): Promise<void> {
    await this.q(`INSERT INTO registration_reviews (id, nik_hash, region, name_sealed, template, contact_sealed, reason, matched_rid, distance, consent_text_version, created_at, resolved_at, resolution)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`, [r.id, r.nikHash, r.region, r.nameSealed, r.template, r.contactSealed, r.reason, r.matchedRid, r.distance, r.consentTextVersion, r.createdAt, r.resolvedAt, r.resolution]);
  }
  async listRegistrationReviews(all = false): Promise<RegistrationReviewRow[]> {
    return (await this.q(`SELECT * FROM registration_reviews ${all ? '' : 'WHERE resolved_at IS NULL'} ORDER BY created_at, id`)).map(reviewFrom);
  }
  async getRegistrationReview(id: string): Promise<RegistrationReviewRow | null> {
    const [r] = await this.q('SELECT * FROM registration_reviews WHERE id = $1', [id]);
    return r ? reviewFrom(r) : null;
  }
  async resolveRegistrationReview(id: string, at: number, resolution: 'approved' | 'rejected'): Promise<boolean> {
    // decided: the sealed name, contact and face template go (an approved face now lives in registrations)
    return (await this.q("UPDATE registration_reviews SET resolved_at = $1, resolution = $2, name_sealed = '', template = '', contact_sealed = NULL WHERE id = $3 AND resolved_at IS NULL RETURNING id", [at, resolution, id])).length === 1;
  }
  async listUnverifiedRegistrations(limit: number): Promise<RegistrationRow[]> {
    return (await this.q('SELECT * FROM registrations WHERE verified = false AND revoked = false ORDER BY registered_at, rid LIMIT $1', [limit])).map(registrationFrom);
  }
  async addPendingRegistration(r: PendingRegistrationRow): Promise<'accepted' | 'duplicate' | 'conflict'> {
    return this.tx(async (c) => {
      const ins = await c.query(`INSERT INTO pending_registrations (id, device_id, nik_hash, region, name_sealed, template, consent_at, consent_text_version, captured_at, received_at, body_hash)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (id) DO NOTHING`,
        [r.id, r.deviceId, r.nikHash, r.region, r.nameSealed, JSON.stringify(r.template), r.consentAt, r.consentTextVersion, r.capturedAt, r.receivedAt, r.bodyHash]);
      if (ins.rowCount === 1) return 'accepted' as const;
      const existing = (await c.query('SELECT body_hash FROM pending_registrations WHERE id = $1', [r.id])).rows[0] as Row;
      if (existing.body_hash === r.bodyHash) return 'duplicate' as const;
      await c.query('INSERT INTO item_conflicts (kind, id, device_id, received_at, body_hash, body) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING',
        ['pending_registration', r.id, r.deviceId, r.receivedAt, r.bodyHash, JSON.stringify(r)]);
      return 'conflict' as const;
    });
  }
  async listPendingRegistrations(): Promise<PendingRegistrationRow[]> {
    return (await this.q('SELECT * FROM pending_registrations ORDER BY received_at')).map(pendingFrom);
  }

  async ingestVisits(rows: readonly VisitRow[], receivedAt: number): Promise<IngestResult[]> {
    // Same id twice in one batch: the first one counts, the others are answered against it.
    const firstById = new Map<string, VisitRow>();
    for (const v of rows) if (!firstById.has(v.id)) firstById.set(v.id, v);
    const unique = [...firstById.values()];
    const text = (k: 'id' | 'deviceId' | 'venueId' | 'gateId' | 'identity' | 'nikHash' | 'outcome' | 'reason' | 'overrideStaffId' | 'overrideReason' | 'overrideNote' | 'bodyHash') => pgTextArray(unique.map((v) => v[k] ?? null));
    const nums = (k: 'occurredAt' | 'deviceTime' | 'clockOffsetMs' | 'faceDistance' | 'livenessScore' | 'riskListVersion' | 'checkedOutAt') => pgNumberArray(unique.map((v) => v[k]));
    return this.tx(async (c) => {
      // Answers only the positions of the visits NOT inserted now (usually none: a retried batch is the
      // rare case). Positions, not ids: the database answers ids in lowercase, a kiosk may send uppercase.
      const notInserted = await c.query({ name: 'ingest-visits', text: INGEST_VISITS_SQL }, [text('id'), text('deviceId'), text('venueId'), text('gateId'), nums('occurredAt'), nums('deviceTime'), nums('clockOffsetMs'), pgBoolArray(unique.map((v) => v.clockSuspect)),
          text('identity'), text('nikHash'), text('outcome'), text('reason'), text('overrideStaffId'), text('overrideReason'), nums('faceDistance'), nums('livenessScore'),
          nums('riskListVersion'), nums('checkedOutAt'), text('bodyHash'), receivedAt, text('overrideNote')]);
      const others = notInserted.rows.map((r: Row) => unique[num(r.n) - 1]!.id);
      const othersSet = new Set(others);
      const known = new Map<string, string>();
      if (others.length > 0) {
        for (const r of (await c.query('SELECT id::text AS id, body_hash FROM visit_keys WHERE id = ANY($1::uuid[])', [others])).rows as Row[]) known.set(String(r.id), String(r.body_hash));
      }
      const seen = new Set<string>();
      const results: IngestResult[] = [];
      const conflicts: VisitRow[] = [];
      for (const v of rows) {
        const first = !seen.has(v.id);
        seen.add(v.id);
        const storedHash = first && !othersSet.has(v.id) ? null : (known.get(v.id.toLowerCase()) ?? firstById.get(v.id)!.bodyHash);
        if (storedHash === null) results.push({ id: v.id, status: 'accepted' });
        else if (storedHash === v.bodyHash) results.push({ id: v.id, status: 'duplicate' });
        else {
          results.push({ id: v.id, status: 'conflict' });
          conflicts.push(v);
        }
      }
      for (const v of conflicts) {
        await c.query('INSERT INTO item_conflicts (kind, id, device_id, received_at, body_hash, body) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING',
          ['visit', v.id, v.deviceId, receivedAt, v.bodyHash, JSON.stringify(v)]);
      }
      return results;
    });
  }

  async applyCheckouts(deviceId: string, checkouts: ReadonlyArray<{ visitId: string; checkedOutAt: number }>): Promise<{ applied: string[]; foreign: string[] }> {
    // A device checks out visits of its own venue only (its exit gate closes its entry gate's visits);
    // a known visit of another venue is reported as foreign and left unchanged.
    const r = await this.q(`WITH x AS (
        SELECT k.id, k.occurred_at, c.t FROM unnest($1::uuid[], $2::bigint[]) AS c(id, t) JOIN visit_keys k ON k.id = c.id
      ), upd AS (
        UPDATE visits v SET checked_out_at = COALESCE(v.checked_out_at, x.t) FROM x
        WHERE v.id = x.id AND v.occurred_at = x.occurred_at AND v.venue_id = (SELECT venue_id FROM devices WHERE id = $3::uuid)
        RETURNING v.id
      )
      SELECT x.id::text AS id, (upd.id IS NOT NULL) AS applied FROM x LEFT JOIN upd ON upd.id = x.id`,
    [checkouts.map((c) => c.visitId), checkouts.map((c) => c.checkedOutAt), deviceId]);
    return { applied: r.filter((x) => x.applied === true).map((x) => String(x.id)), foreign: r.filter((x) => x.applied !== true).map((x) => String(x.id)) };
  }
  async countVisits(): Promise<number> {
    return num((await this.q('SELECT COUNT(*) AS n FROM visits'))[0]!.n);
  }
  async visitIds(): Promise<string[]> {
    return (await this.q('SELECT id::text AS id FROM visits ORDER BY id')).map((r) => String(r.id));
  }
  async listConflicts(): Promise<Array<{ id: string; deviceId: string; receivedAt: number; bodyHash: string }>> {
    return (await this.q("SELECT * FROM item_conflicts WHERE kind = 'visit' ORDER BY received_at")).map((r) => ({
      id: String(r.id), deviceId: String(r.device_id), receivedAt: num(r.received_at), bodyHash: String(r.body_hash),
    }));
  }

  async trace(p: TraceParams): Promise<TraceRows> {
    const visits = (await this.q(`SELECT id::text AS id, venue_id, gate_id, encode(nik_hash, 'hex') AS nik_hash, outcome, occurred_at AS t0,
        COALESCE(checked_out_at, occurred_at + $4) AS t1, checked_out_at IS NOT NULL AS co
      FROM visits WHERE nik_hash = decode($1, 'hex') AND occurred_at BETWEEN $2 AND $3 ORDER BY occurred_at`, [p.nikHash, p.from, p.to, p.dwellMs])).map(tracedFrom);
    const index = visits.filter((v) => p.outcomes.includes(v.outcome as 'ADMIT'));
    if (index.length === 0) return { visits, contacts: [] };
    const rows = await this.q(`SELECT c.*, i.id::text AS overlaps
      FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::bigint[]) AS i(id, venue_id, t0, t1)
      CROSS JOIN LATERAL (
        SELECT v.id::text AS id, v.venue_id, v.gate_id, encode(v.nik_hash, 'hex') AS nik_hash, v.outcome, v.occurred_at AS t0,
               LEAST(COALESCE(v.checked_out_at, v.occurred_at + $5), v.occurred_at + $6) AS t1, v.checked_out_at IS NOT NULL AS co
        FROM visits v
        WHERE v.venue_id = i.venue_id AND v.occurred_at BETWEEN i.t0 - $7 - $6 AND i.t1 + $7
          AND v.nik_hash IS NOT NULL AND v.nik_hash <> decode($8, 'hex') AND v.outcome = ANY($9::text[])
          AND LEAST(COALESCE(v.checked_out_at, v.occurred_at + $5), v.occurred_at + $6) >= i.t0 - $7
        ORDER BY v.occurred_at
      ) c`,
    [index.map((v) => v.visitId), index.map((v) => v.venueId), index.map((v) => v.from), index.map((v) => v.to), p.dwellMs, MAX_STAY_MS, p.marginMs, p.nikHash, [...p.outcomes]]);
    return { visits, contacts: rows.map((r) => ({ ...tracedFrom(r), overlapsVisitId: String(r.overlaps) })) };
  }

  private async partitions(): Promise<Array<{ name: string; day: number }>> {
    const rows = await this.q(`SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace WHERE i.inhparent = 'visits'::regclass AND n.nspname = $1`, [this.schema]);
    return rows.flatMap((r) => {
      const day = dayOfPartition(String(r.name));
      return day === null ? [] : [{ name: String(r.name), day }];
    });
  }

  /** Drops day partitions wholly before `before` (the day containing `before` stays until tomorrow). */
  async purgeVisitsBefore(before: number): Promise<number> {
    let removed = 0;
    for (const p of await this.partitions()) {
      if (p.day + DAY_MS > before) continue;
      await this.tx(async (c) => {
        // Planner estimate, not a scan: dropping a day must not read the day first.
        removed += Math.max(0, num((await c.query('SELECT reltuples AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = $1 AND n.nspname = $2', [p.name, this.schema])).rows[0]?.n ?? 0));
        await c.query(`ALTER TABLE visits DETACH PARTITION ${p.name}`);
        await c.query(`DROP TABLE ${p.name}`);
      });
    }
    await this.tx(async (c) => {
      removed += (await c.query('DELETE FROM visits_default WHERE occurred_at < $1', [before])).rowCount ?? 0;
      // Range scan on the primary key: ids are UUIDv7 (time-ordered). Two days of slack cover kiosk
      // clocks that were off; keys whose visit is still recent stay, whatever their id says.
      await c.query('DELETE FROM visit_keys WHERE id < $1::uuid AND occurred_at < $2', [uuidV7Floor(before - 2 * DAY_MS), before]);
      await c.query('DELETE FROM alerts WHERE occurred_at < $1', [before]);
      await c.query('DELETE FROM item_conflicts WHERE received_at < $1', [before]);
      // counters of the hours wholly before the cut go with their visits
      await c.query('DELETE FROM venue_hour_counts WHERE hour_start + 3600000 <= $1', [before]);
    });
    return removed;
  }

  /**
   * Makes day partitions from `behind` days ago to `ahead` days ahead. Rows already in the default
   * partition for such a day are moved into the new partition in the same transaction.
   */
  async maintainPartitions(now: number): Promise<void> {
    const today = Math.floor(now / DAY_MS) * DAY_MS;
    const existing = new Set((await this.partitions()).map((p) => p.day));
    const behind = this.opts.partitionDaysBehind ?? 22;
    const ahead = this.opts.partitionDaysAhead ?? 3;
    for (let d = today - behind * DAY_MS; d <= today + ahead * DAY_MS; d += DAY_MS) {
      if (existing.has(d)) continue;
      const name = partitionName(d);
      await this.tx(async (c) => {
        await c.query("SELECT pg_advisory_xact_lock(hashtext('jejak-partitions'))");
        const exists = (await c.query('SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = $1 AND n.nspname = $2', [name, this.schema])).rowCount;
        if (exists) return;
        await c.query(`CREATE TABLE ${name} (LIKE visits INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
        await c.query(`WITH moved AS (DELETE FROM visits_default WHERE occurred_at >= $1 AND occurred_at < $2 RETURNING *) INSERT INTO ${name} SELECT * FROM moved`, [d, d + DAY_MS]);
        await c.query(`ALTER TABLE visits ATTACH PARTITION ${name} FOR VALUES FROM (${d}) TO (${d + DAY_MS})`);
      });
    }
  }

  async ingestAlerts(rows: readonly AlertRow[]): Promise<IngestResult[]> {
    return this.tx(async (c) => {
      const out: IngestResult[] = [];
      for (const a of rows) {
        const ins = await c.query(`INSERT INTO alerts (id, device_id, visit_id, venue_id, gate_id, occurred_at, nik_hash, risk_status, risk_list_version, received_at, body_hash)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (id) DO NOTHING`,
        [a.id, a.deviceId, a.visitId, a.venueId, a.gateId, a.occurredAt, a.nikHash, a.riskStatus, a.riskListVersion, a.receivedAt, a.bodyHash]);
        if (ins.rowCount === 1) {
          out.push({ id: a.id, status: 'accepted' });
          continue;
        }
        const existing = (await c.query('SELECT body_hash FROM alerts WHERE id = $1', [a.id])).rows[0] as Row;
        if (existing.body_hash === a.bodyHash) out.push({ id: a.id, status: 'duplicate' });
        else {
          await c.query('INSERT INTO item_conflicts (kind, id, device_id, received_at, body_hash, body) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING',
            ['alert', a.id, a.deviceId, a.receivedAt, a.bodyHash, JSON.stringify(a)]);
          out.push({ id: a.id, status: 'conflict' });
        }
      }
      // Delivered on commit to every listening server process (their consoles' streams), never on rollback.
      const accepted = out.filter((r) => r.status === 'accepted').map((r) => alertPayload(this.schema, r.id));
      if (accepted.length > 0) await c.query('SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p', [ALERT_CHANNEL, accepted]);
      return out;
    });
  }
  watchAlerts(wake: () => void, log: EventLogger): () => Promise<void> {
    const listener = new AlertListener({ url: this.opts.url, schema: this.schema, wake, log });
    this.listeners.add(listener);
    listener.start();
    return async () => {
      this.listeners.delete(listener);
      await listener.close();
    };
  }
  private readonly listeners = new Set<AlertListener>();
  async listAlerts(sinceReceivedAt: number, limit: number): Promise<AlertRow[]> {
    return (await this.q('SELECT * FROM alerts WHERE received_at >= $1 ORDER BY received_at, id LIMIT $2', [sinceReceivedAt, limit])).map(alertFrom);
  }

  // ---- City console ----
  async updateVenue(id: string, patch: Partial<Pick<VenueRow, 'name' | 'address' | 'capacity' | 'category' | 'dwellMinutes'>>): Promise<VenueRow | null> {
    const cols: Record<string, string> = { name: 'name', address: 'address', capacity: 'capacity', category: 'category', dwellMinutes: 'dwell_minutes' };
    const sets = Object.keys(patch).filter((k) => k in cols && patch[k as keyof typeof patch] !== undefined);
    if (sets.length > 0) {
      await this.q(`UPDATE venues SET ${sets.map((k, i) => `${cols[k]} = $${i + 2}`).join(', ')} WHERE id = $1`, [id, ...sets.map((k) => patch[k as keyof typeof patch])]);
    }
    return this.getVenue(id);
  }
  async listVenuesInScope(scope: VenueScope): Promise<VenueRow[]> {
    if (scope.kind === 'all') return this.listVenues();
    const col = scope.kind === 'categories' ? 'category' : 'id';
    const list = scope.kind === 'categories' ? scope.categories : scope.venueIds;
    return (await this.q(`SELECT * FROM venues WHERE ${col} = ANY($1::text[]) ORDER BY created_at, id`, [[...list]])).map(venueFrom);
  }
  async venueActivity(venueIds: readonly string[], dayStart: number, now: number): Promise<Array<{ venueId: string; entriesToday: number; present: number }>> {
    if (venueIds.length === 0) return [];
    const rows = await this.q(VENUE_ACTIVITY_POSTGRES, [[...venueIds], dayStart, now]);
    return rows.map((r) => ({ venueId: String(r.venue_id), entriesToday: num(r.entries), present: num(r.present) }));
  }
  async ensureAgencies(agencies: ReadonlyArray<Omit<AgencyRow, 'createdAt'>>, now: number): Promise<void> {
    await this.tx(async (c) => {
      for (const a of agencies) await c.query('INSERT INTO agencies (id, name, categories, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING', [a.id, a.name, JSON.stringify(a.categories), now]);
    });
  }
  async createAgency(a: AgencyRow): Promise<void> {
    await this.q('INSERT INTO agencies (id, name, categories, created_at) VALUES ($1, $2, $3, $4)', [a.id, a.name, JSON.stringify(a.categories), a.createdAt]);
  }
  async updateAgency(id: string, patch: Partial<Pick<AgencyRow, 'name' | 'categories'>>): Promise<AgencyRow | null> {
    await this.q('UPDATE agencies SET name = COALESCE($2, name), categories = COALESCE($3::jsonb, categories) WHERE id = $1',
      [id, patch.name ?? null, patch.categories ? JSON.stringify(patch.categories) : null]);
    return this.getAgency(id);
  }
  async getAgency(id: string): Promise<AgencyRow | null> {
    const [r] = await this.q('SELECT * FROM agencies WHERE id = $1', [id]);
    return r ? agencyFrom(r) : null;
  }
  async listAgencies(): Promise<AgencyRow[]> {
    return (await this.q('SELECT * FROM agencies ORDER BY id')).map(agencyFrom);
  }

  private static readonly USER_SQL = `SELECT u.*, (SELECT COALESCE(jsonb_agg(venue_id), '[]'::jsonb) FROM console_user_venues v WHERE v.user_id = u.id) AS venue_ids FROM console_users u`;
  private async setUserVenues(c: pg.PoolClient, userId: string, venueIds: readonly string[]): Promise<void> {
    await c.query('DELETE FROM console_user_venues WHERE user_id = $1', [userId]);
    if (venueIds.length > 0) await c.query('INSERT INTO console_user_venues (user_id, venue_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING', [userId, [...new Set(venueIds)]]);
  }
  async createConsoleUser(u: ConsoleUserRow): Promise<void> {
    await this.tx(async (c) => {
      await c.query(`INSERT INTO console_users (id, username, display_name, password_hash, role, agency_id, totp_sealed, disabled_at, created_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, [u.id, u.username, u.displayName, u.passwordHash, u.role, u.agencyId, u.totpSealed, u.disabledAt, u.createdAt, u.updatedAt]);
      await this.setUserVenues(c, u.id, u.venueIds);
    });
  }
  async getConsoleUser(id: string): Promise<ConsoleUserRow | null> {
    const [r] = await this.q(`${PostgresStore.USER_SQL} WHERE u.id = $1`, [id]);
    return r ? consoleUserFrom(r) : null;
  }
  async getConsoleUserByName(username: string): Promise<ConsoleUserRow | null> {
    const [r] = await this.q(`${PostgresStore.USER_SQL} WHERE u.username = $1`, [username]);
    return r ? consoleUserFrom(r) : null;
  }
  async listConsoleUsers(): Promise<ConsoleUserRow[]> {
    return (await this.q(`${PostgresStore.USER_SQL} ORDER BY u.username`)).map(consoleUserFrom);
  }
  async updateConsoleUser(id: string, patch: ConsoleUserPatch): Promise<ConsoleUserRow | null> {
    const cols: Record<string, string> = { displayName: 'display_name', passwordHash: 'password_hash', role: 'role', agencyId: 'agency_id', totpSealed: 'totp_sealed', disabledAt: 'disabled_at', updatedAt: 'updated_at' };
    const sets = Object.keys(patch).filter((k) => k in cols && patch[k as keyof ConsoleUserPatch] !== undefined);
    const found = await this.tx(async (c) => {
      const r = await c.query(`UPDATE console_users SET ${sets.map((k, i) => `${cols[k]} = $${i + 2}`).join(', ')} WHERE id = $1`, [id, ...sets.map((k) => patch[k as keyof ConsoleUserPatch])]);
      if (r.rowCount === 1 && patch.venueIds) await this.setUserVenues(c, id, patch.venueIds);
      return r.rowCount === 1;
    });
    return found ? this.getConsoleUser(id) : null;
  }

  async createSession(x: ConsoleSessionRow): Promise<void> {
    await this.q('INSERT INTO console_sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, address) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [x.idHash, x.userId, x.csrfToken, x.createdAt, x.lastSeenAt, x.expiresAt, x.address]);
  }
  async getSession(idHash: string): Promise<ConsoleSessionRow | null> {
    const [r] = await this.q('SELECT * FROM console_sessions WHERE id_hash = $1', [idHash]);
    return r ? sessionFrom(r) : null;
  }
  async touchSession(idHash: string, at: number): Promise<void> {
    await this.q('UPDATE console_sessions SET last_seen_at = $2 WHERE id_hash = $1 AND last_seen_at < $2', [idHash, at]);
  }
  async deleteSession(idHash: string): Promise<void> {
    await this.q('DELETE FROM console_sessions WHERE id_hash = $1', [idHash]);
  }
  async deleteUserSessions(userId: string): Promise<number> {
    return (await this.pool.query('DELETE FROM console_sessions WHERE user_id = $1', [userId])).rowCount ?? 0;
  }
  async purgeSessions(now: number, idleMs: number): Promise<number> {
    return (await this.pool.query('DELETE FROM console_sessions WHERE expires_at <= $1 OR last_seen_at + $2 <= $1', [now, idleMs])).rowCount ?? 0;
  }

  async createApiKey(k: ApiKeyRow): Promise<void> {
    await this.q(`INSERT INTO api_keys (id, name, role, agency_id, venue_ids, secret_hash, legacy, created_at, created_by, revoked_at, last_used_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, [k.id, k.name, k.role, k.agencyId, JSON.stringify(k.venueIds), k.secretHash, k.legacy, k.createdAt, k.createdBy, k.revokedAt, k.lastUsedAt]);
  }
  async getApiKey(id: string): Promise<ApiKeyRow | null> {
    const [r] = await this.q('SELECT * FROM api_keys WHERE id = $1', [id]);
    return r ? apiKeyFrom(r) : null;
  }
  async listApiKeys(): Promise<ApiKeyRow[]> {
    return (await this.q('SELECT * FROM api_keys ORDER BY created_at, id')).map(apiKeyFrom);
  }
  async revokeApiKey(id: string, at: number): Promise<boolean> {
    return (await this.pool.query('UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [id, at])).rowCount === 1;
  }
  async touchApiKey(id: string, at: number): Promise<void> {
    await this.q('UPDATE api_keys SET last_used_at = $2 WHERE id = $1', [id, at]);
  }

  async reserveLoginAttempt(rules: readonly ThrottleRule[], now: number): Promise<ReserveLoginResult> {
    // Rows locked in key order (FOR UPDATE) so two processes reserving the same keys serialise without deadlock.
    const sorted = [...rules].sort((a, b) => (a.key < b.key ? -1 : 1));
    return this.tx(async (c): Promise<ReserveLoginResult> => {
      await c.query('INSERT INTO login_throttle (key, failures, locked_until, updated_at) SELECT unnest($1::text[]), 0, NULL, 0 ON CONFLICT DO NOTHING', [sorted.map((r) => r.key)]);
      const rows = new Map(((await c.query('SELECT * FROM login_throttle WHERE key = ANY($1::text[]) ORDER BY key FOR UPDATE', [sorted.map((r) => r.key)])).rows as Row[]).map((r) => [String(r.key), r]));
      const steps = sorted.map((rule) => ({ rule, step: reserveStep(throttleFrom(rows.get(rule.key)), rule.policy, now) }));
      const refused = steps.flatMap((s) => (s.step.allowed ? [] : [s.step.retryAt]));
      if (refused.length > 0) return { allowed: false, retryAt: Math.max(...refused) };
      for (const { rule, step } of steps) {
        if (step.allowed) await c.query('UPDATE login_throttle SET failures = $2, locked_until = $3, updated_at = $4 WHERE key = $1', [rule.key, step.next.failures, step.next.lockedUntil, step.next.updatedAt]);
      }
      return { allowed: true };
    });
  }
  async settleLoginAttempt(rule: ThrottleRule, how: 'reset' | 'undo'): Promise<void> {
    await this.tx(async (c) => {
      if (how === 'reset') return void (await c.query('DELETE FROM login_throttle WHERE key = $1', [rule.key]));
      const cur = throttleFrom((await c.query('SELECT * FROM login_throttle WHERE key = $1 FOR UPDATE', [rule.key])).rows[0] as Row | undefined);
      if (!cur) return;
      const next = undoStep(cur, rule.policy);
      await c.query('UPDATE login_throttle SET failures = $2, locked_until = $3 WHERE key = $1', [rule.key, next.failures, next.lockedUntil]);
    });
  }

  async getAlert(id: string): Promise<AlertRow | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const [r] = await this.q('SELECT * FROM alerts WHERE id = $1', [id]);
    return r ? alertFrom(r) : null;
  }
  async alertHandling(alertIds: readonly string[]): Promise<AlertHandlingRow[]> {
    if (alertIds.length === 0) return [];
    return (await this.q('SELECT * FROM alert_handling WHERE alert_id = ANY($1::text[])', [[...alertIds]])).map(alertHandlingFrom);
  }
  async setAlertHandling(alertId: string, patch: { acknowledgedAt?: number; acknowledgedBy?: string; assignedTo?: string }, now: number): Promise<AlertHandlingRow> {
    const [r] = await this.q(`INSERT INTO alert_handling (alert_id, acknowledged_at, acknowledged_by, assigned_to, updated_at) VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (alert_id) DO UPDATE SET acknowledged_at = COALESCE(alert_handling.acknowledged_at, excluded.acknowledged_at),
        acknowledged_by = COALESCE(alert_handling.acknowledged_by, excluded.acknowledged_by), assigned_to = COALESCE(excluded.assigned_to, alert_handling.assigned_to), updated_at = excluded.updated_at
      RETURNING *`, [alertId, patch.acknowledgedAt ?? null, patch.acknowledgedBy ?? null, patch.assignedTo ?? null, now]);
    return alertHandlingFrom(r!);
  }

  async createTracingCase(c: TracingCaseRow): Promise<void> {
    await this.q(`INSERT INTO tracing_cases (id, owner_id, owner_name, nik_sealed, nik_hash, nik_masked, purpose, legal_basis_category, legal_basis, window_from, opened_at, closed_at, close_note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [c.id, c.ownerId, c.ownerName, c.nikSealed, c.nikHash, c.nikMasked, c.purpose, c.legalBasisCategory, c.legalBasis, c.windowFrom, c.openedAt, c.closedAt, c.closeNote]);
  }
  async getTracingCase(id: string): Promise<TracingCaseRow | null> {
    const [r] = await this.q('SELECT * FROM tracing_cases WHERE id = $1', [id]);
    return r ? tracingCaseFrom(r) : null;
  }
  async listTracingCases(ownerId: string | null): Promise<TracingCaseRow[]> {
    const rows = ownerId === null
      ? await this.q('SELECT * FROM tracing_cases ORDER BY opened_at DESC, id')
      : await this.q('SELECT * FROM tracing_cases WHERE owner_id = $1 ORDER BY opened_at DESC, id', [ownerId]);
    return rows.map(tracingCaseFrom);
  }
  async closeTracingCase(id: string, at: number, note: string | null): Promise<TracingCaseRow | null> {
    await this.q('UPDATE tracing_cases SET closed_at = $1, close_note = $2 WHERE id = $3 AND closed_at IS NULL', [at, note, id]);
    return this.getTracingCase(id);
  }

  async appendAudit(e: AuditEntryInput): Promise<AuditEntryRow> {
    return this.tx(async (c): Promise<AuditEntryRow> => {
      // One writer at a time across every server process on this schema: the chain has no forks.
      await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`jejak-console-audit:${this.schema}`]);
      const last = (await c.query('SELECT seq, hash FROM console_audit ORDER BY seq DESC LIMIT 1')).rows[0] as Row | undefined;
      const seq = last ? num(last.seq) + 1 : 1;
      const prevHash = last ? String(last.hash) : AUDIT_GENESIS;
      const hash = auditHash(prevHash, seq, e);
      await c.query(`INSERT INTO console_audit (seq, at, actor_kind, actor_id, actor_name, actor_role, action, target, purpose, address, details, prev_hash, hash)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`, [seq, e.at, e.actorKind, e.actorId, e.actorName, e.actorRole, e.action, e.target, e.purpose, e.address, JSON.stringify(e.details), prevHash, hash]);
      return { ...e, seq, prevHash, hash };
    });
  }
  async listAudit(q: { afterSeq?: number; from?: number; to?: number; limit: number }): Promise<AuditEntryRow[]> {
    return (await this.q('SELECT * FROM console_audit WHERE seq > $1 AND at >= $2 AND at <= $3 ORDER BY seq LIMIT $4',
      [q.afterSeq ?? 0, q.from ?? 0, q.to ?? Number.MAX_SAFE_INTEGER, q.limit])).map(auditFrom);
  }
  async saveVenuePolicy(row: VenuePolicyRow): Promise<boolean> {
    const r = await this.pool.query('INSERT INTO venue_policies (venue_id, version, signed, issued_at, created_by) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
      [row.venueId, row.version, JSON.stringify(row.signed), row.issuedAt, row.createdBy]);
    return r.rowCount === 1;
  }
  async latestVenuePolicy(venueId: string): Promise<VenuePolicyRow | null> {
    return (await this.listVenuePolicies(venueId, 1))[0] ?? null;
  }
  async listVenuePolicies(venueId: string, limit: number): Promise<VenuePolicyRow[]> {
    return (await this.q('SELECT * FROM venue_policies WHERE venue_id = $1 ORDER BY version DESC LIMIT $2', [venueId, limit])).map(venuePolicyFrom);
  }
  async venueEntriesByHour(venueId: string, from: number, to: number): Promise<HourlyEntriesRow[]> {
    const rows = await this.q(`SELECT hour_start AS hour, SUM(admitted) AS admitted, SUM(denied) AS denied, SUM(referred) AS referred FROM venue_hour_counts
      WHERE venue_id = $1 AND hour_start >= $2 AND hour_start < $3 GROUP BY hour_start ORDER BY hour_start`, [venueId, from, to]);
    return rows.map((r) => ({ hourStart: num(r.hour), admitted: num(r.admitted), denied: num(r.denied), referred: num(r.referred) }));
  }
  async listAuditByTarget(target: string, limit: number): Promise<AuditEntryRow[]> {
    return (await this.q('SELECT * FROM console_audit WHERE target = $1 ORDER BY seq DESC LIMIT $2', [target, limit])).map(auditFrom);
  }
}
