// Visits and their upload queue. A visit and its outbox row (and, for a risk denial of a proven identity
// — the rule is sync/protocol/priority-alert.ts — its priority alert) are written in ONE transaction with
// synchronous=FULL: once recordVisit returns, the visit survives a crash or power cut and will be uploaded.
import type { Statement } from 'better-sqlite3';
import { priorityAlertStatus } from '../../sync/protocol/priority-alert';
import type { AlertOutbox } from './alerts';
import type { AuditLog } from './audit';
import { badInput, blobToHash, hashToBlob, msToIso, msToIsoOrNull } from './codec';
import type { StoreContext } from './context';
import { nowMs } from './context';
import type { DeviceConfigRepo } from './device-config';
import { DEFAULT_DWELL_MINUTES } from './device-config';
import type { FieldCipher } from './field-cipher';
import { REGISTRATION_ID_PURPOSE, visitRegistrationIdAad } from './migrations/0007-keyed-registration-ids';
import { StoreError } from './types';
import type {
  CheckOutBy, CheckOutTarget, CheckoutOutboxItem, ClockStatus, DeadLetterEntry, Direction, OccupancyReport, Outcome, OutboxItem,
  RecordVisitResult, VisitIdentity, VisitInput, VisitOverride, VisitRecord, VisitUpload,
} from './types';
import { VISIT_IDENTITIES } from './types';
import { OUTCOMES } from '../../sync/protocol/outcome';
import { hasNikLikeDigits, NOTE_HAS_NUMBER, OVERRIDE_NOTE_MAX, OVERRIDE_REASON_CODES } from '../../sync/protocol/override-reasons';
import type { OverrideReasonCode } from '../../sync/protocol/override-reasons';
import { UNSAFE_TEXT_CHARS } from '../../sync/protocol/api/common';

/** a measured offset beyond this marks the visit's clock as off */
export const CLOCK_OFF_THRESHOLD_MS = 60_000;

// Hot queries, shared with the EXPLAIN QUERY PLAN tests. The open-visit predicates repeat the partial
// indexes' WHERE clauses word for word so the planner can use them.
export const OUTBOX_NEXT_SQL = 'SELECT seq, visit_id, payload, attempts, enqueued_at FROM visit_outbox ORDER BY visit_id LIMIT ?';
export const OCCUPANCY_SQL =
  "SELECT count(*) AS n FROM visits WHERE direction = 'entry' AND outcome = 'ADMIT' AND checked_out_at IS NULL AND device_time > ?";
export const LATEST_OPEN_BY_PERSON_SQL = `SELECT id FROM visits WHERE nik_hash = ? AND direction = 'entry' AND outcome = 'ADMIT'
  AND checked_out_at IS NULL AND device_time > ? ORDER BY device_time DESC LIMIT 1`;
// unacknowledged = still in the outbox (dead-lettered visits have their own alert); a scan of the
// outbox (CROSS JOIN keeps the outbox as the outer loop: it is small, visits are not), run by
// housekeeping and diagnostics, not per visit
export const OLDEST_UNACKED_SQL = 'SELECT min(v.device_time) AS t FROM visit_outbox o CROSS JOIN visits v ON v.id = o.visit_id';
export const COUNT_UNACKED_BEFORE_SQL = 'SELECT count(*) AS n FROM visit_outbox o CROSS JOIN visits v ON v.id = o.visit_id WHERE v.device_time < ?';
export const PURGE_ACKED_SQL = 'DELETE FROM visits WHERE acked_at IS NOT NULL AND device_time < ?';
// a check-out goes once its visit has left the visit outbox (the server must know the visit first)
export const CHECKOUT_NEXT_SQL = `SELECT c.visit_id, c.checked_out_at, c.attempts, c.enqueued_at FROM checkout_outbox c
  WHERE NOT EXISTS (SELECT 1 FROM visit_outbox o WHERE o.visit_id = c.visit_id) ORDER BY c.visit_id LIMIT ?`;

const DIRECTIONS: readonly Direction[] = ['entry', 'exit'];

interface VisitRow {
  id: string;
  device_time: number;
  server_time: number | null;
  clock_offset_ms: number;
  clock_status: ClockStatus;
  venue_id: string;
  gate_id: string;
  direction: Direction;
  outcome: Outcome;
  reason: string;
  nik_hash: Buffer | null;
  identity: VisitIdentity | null;
  /** NULL since migration 7: the id is sealed in registration_id_enc (it is printed on the visitor's pass) */
  registration_id: string | null;
  registration_id_enc: Buffer | null;
  face_distance: number | null;
  liveness_score: number | null;
  risk_list_version: number | null;
  override_json: string | null;
  checked_out_at: number | null;
  checked_out_by: CheckOutBy | null;
  acked_at: number | null;
}

function optionalNumber(v: unknown, field: string): number | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw badInput({ id: `${field} harus angka atau null`, en: `${field} must be a finite number or null` });
  return v;
}

function checkOverride(o: VisitOverride | null | undefined): VisitOverride | null {
  if (o === undefined || o === null) return null;
  if (typeof o.by !== 'string' || o.by.length === 0 || typeof o.reason !== 'string' || o.reason.trim().length === 0) {
    throw badInput({ id: 'penggantian keputusan memerlukan id petugas dan alasan', en: 'an override needs the staff id and a reason' });
  }
  if (!OVERRIDE_REASON_CODES.includes(o.reason as OverrideReasonCode)) {
    throw badInput({ id: `alasan harus salah satu kode: ${OVERRIDE_REASON_CODES.join(', ')}`, en: `the reason must be one of the codes: ${OVERRIDE_REASON_CODES.join(', ')}` });
  }
  const note = o.note === undefined || o.note === null || o.note.trim() === '' ? null : o.note.trim();
  if (note !== null && (note.length > OVERRIDE_NOTE_MAX || UNSAFE_TEXT_CHARS.test(note))) {
    throw badInput({ id: `catatan paling banyak ${OVERRIDE_NOTE_MAX} karakter, tanpa karakter kendali`, en: `a note is at most ${OVERRIDE_NOTE_MAX} characters, without control characters` });
  }
  if (note !== null && hasNikLikeDigits(note)) throw badInput(NOTE_HAS_NUMBER);
  if (o.reason === 'OTHER' && note === null) throw badInput({ id: 'alasan "Lainnya" memerlukan catatan', en: 'the reason OTHER needs a note' });
  if (!OUTCOMES.includes(o.originalOutcome)) throw badInput({ id: 'originalOutcome harus ADMIT, DENY atau REFER', en: 'override originalOutcome must be ADMIT, DENY or REFER' });
  return { by: o.by, reason: o.reason, note, originalOutcome: o.originalOutcome, originalReason: String(o.originalReason ?? '') };
}

/** A frozen upload body with its override's note opened (the body itself stays byte-identical). */
function openUpload(v: VisitUpload, cipher: FieldCipher): VisitUpload {
  return v.override ? { ...v, override: openOverride(v.override as StoredOverride, v.id, cipher) } : v;
}

/** An override as it is kept (visit row, outbox body): the officer's note sealed, bound to the visit. */
type StoredOverride = Omit<VisitOverride, 'note'> & { note?: string | null; noteSealed?: string | null };

function overrideNoteAad(visitId: string): string {
  return `visits.override_note:${visitId}`;
}

function sealOverride(o: VisitOverride, visitId: string, cipher: FieldCipher): StoredOverride {
  const { note, ...rest } = o;
  return { ...rest, noteSealed: note ? cipher.sealText(note, overrideNoteAad(visitId)).toString('base64') : null };
}

/** Opens a stored override (older rows hold no note, or free text as the reason). */
export function openOverride(o: StoredOverride, visitId: string, cipher: FieldCipher): VisitOverride {
  const { noteSealed, note, ...rest } = o;
  return { ...rest, note: noteSealed ? cipher.openText(Buffer.from(noteSealed, 'base64'), overrideNoteAad(visitId)) : (note ?? null) };
}

function toRecord(r: VisitRow, cipher: FieldCipher): VisitRecord {
  return {
    id: r.id,
    deviceTime: msToIso(r.device_time),
    serverTime: msToIsoOrNull(r.server_time),
    clockOffsetMs: r.clock_offset_ms,
    clockStatus: r.clock_status,
    venueId: r.venue_id,
    gateId: r.gate_id,
    direction: r.direction,
    outcome: r.outcome,
    reason: r.reason,
    nikHash: r.nik_hash === null ? null : blobToHash(r.nik_hash),
    identity: r.identity,
    registrationId: r.registration_id_enc === null ? r.registration_id : cipher.openText(r.registration_id_enc, visitRegistrationIdAad(r.id)),
    faceDistance: r.face_distance,
    livenessScore: r.liveness_score,
    riskListVersion: r.risk_list_version,
    override: r.override_json === null ? null : openOverride(JSON.parse(r.override_json) as StoredOverride, r.id, cipher),
    checkedOutAt: msToIsoOrNull(r.checked_out_at),
    checkedOutBy: r.checked_out_by,
    ackedAt: msToIsoOrNull(r.acked_at),
  };
}

/** NONE exactly when no NIK was read; omitted with a NIK hash = not known (null). */
function checkIdentity(identity: VisitIdentity | undefined, hasNik: boolean): VisitIdentity | null {
  if (identity === undefined) return hasNik ? null : 'NONE';
  if (!VISIT_IDENTITIES.includes(identity)) throw badInput({ id: 'identity harus QR, NIK atau NONE', en: 'identity must be QR, NIK or NONE' });
  if ((identity === 'NONE') === hasNik) {
    throw badInput({ id: 'identity NONE berarti tanpa hash NIK, QR dan NIK harus dengan hash NIK', en: 'identity NONE goes with no NIK hash, QR and NIK with one' });
  }
  return identity;
}

/** A full disk must reach staff as a clear reason, not as a raw SQLite error. */
function storageFull(err: unknown): unknown {
  if ((err as { code?: unknown }).code === 'SQLITE_FULL') {
    return new StoreError('STORAGE_FULL', { id: 'penyimpanan kios penuh; kunjungan tidak tercatat', en: 'the kiosk storage is full; the visit was not recorded' });
  }
  return err;
}

export class VisitsRepo {
  private readonly insertVisit: Statement;
  private readonly insertOutbox: Statement;
  private readonly latestOpenByPerson: Statement<[Buffer, number], { id: string }>;
  private readonly closeVisit: Statement<[number, string, string]>;
  private readonly queueCheckout: Statement<[string, number, number]>;
  private readonly countOpen: Statement<[number], { n: number }>;
  /** last outbox seq handed out by this connection (informational order number) */
  private lastSeq: number;
  private readonly nextBatch: Statement<[number], { seq: number; visit_id: string; payload: string; attempts: number; enqueued_at: number }>;

  constructor(
    private readonly ctx: StoreContext,
    private readonly config: DeviceConfigRepo,
    private readonly alertOutbox: AlertOutbox,
    private readonly audit: AuditLog,
  ) {
    const { db } = ctx;
    this.insertVisit = db.prepare(
      `INSERT INTO visits (id, device_time, server_time, clock_offset_ms, clock_status, venue_id, gate_id, direction, outcome, reason,
         nik_hash, identity, registration_id_enc, face_distance, liveness_score, risk_list_version, override_json)
       VALUES (@id, @deviceTime, @serverTime, @offset, @clockStatus, @venueId, @gateId, @direction, @outcome, @reason,
         @nikHash, @identity, @registrationIdEnc, @faceDistance, @livenessScore, @riskListVersion, @override)`,
    );
    this.insertOutbox = db.prepare('INSERT INTO visit_outbox (visit_id, seq, payload, enqueued_at) VALUES (?, ?, ?, ?)');
    this.lastSeq = (db.prepare('SELECT coalesce(max(seq), 0) AS s FROM visit_outbox').get() as { s: number }).s;
    this.latestOpenByPerson = db.prepare(LATEST_OPEN_BY_PERSON_SQL);
    this.closeVisit = db.prepare('UPDATE visits SET checked_out_at = ?, checked_out_by = ? WHERE id = ? AND checked_out_at IS NULL');
    this.queueCheckout = db.prepare('INSERT INTO checkout_outbox (visit_id, checked_out_at, enqueued_at) VALUES (?, ?, ?) ON CONFLICT (visit_id) DO NOTHING');
    this.countOpen = db.prepare(OCCUPANCY_SQL);
    this.nextBatch = db.prepare(OUTBOX_NEXT_SQL);
  }

  /**
   * Closes an open visit and queues the check-out for the server, in the caller's transaction. The server
   * gets the time on the same footing as the visit's occurredAt: device time corrected by the measured offset.
   */
  private close(visitId: string, now: number, by: 'exit-gate' | 'staff'): boolean {
    if (this.closeVisit.run(now, by, visitId).changes !== 1) return false;
    const cfg = this.config.get();
    const corrected = cfg && cfg.clockOffsetMeasuredAt !== null ? now + cfg.clockOffsetMs : now;
    this.queueCheckout.run(visitId, corrected, now);
    return true;
  }

  private dwellMs(): number {
    return (this.config.get()?.dwellMinutes ?? DEFAULT_DWELL_MINUTES) * 60_000;
  }

  record(input: VisitInput): RecordVisitResult {
    const cfg = this.config.require();
    if (!DIRECTIONS.includes(input.direction)) throw badInput({ id: 'arah harus entry atau exit', en: 'direction must be entry or exit' });
    if (!OUTCOMES.includes(input.outcome)) throw badInput({ id: 'hasil harus ADMIT, DENY atau REFER', en: 'outcome must be ADMIT, DENY or REFER' });
    if (typeof input.reason !== 'string' || input.reason.length === 0) throw badInput({ id: 'kode alasan wajib diisi', en: 'reason code is required' });
    const nikKey = input.nikHash === null || input.nikHash === undefined ? null : hashToBlob(input.nikHash);
    const identity = checkIdentity(input.identity, nikKey !== null);
    const faceDistance = optionalNumber(input.faceDistance, 'faceDistance');
    const livenessScore = optionalNumber(input.livenessScore, 'livenessScore');
    const riskListVersion = optionalNumber(input.riskListVersion, 'riskListVersion');
    if (riskListVersion !== null && !Number.isSafeInteger(riskListVersion)) throw badInput({ id: 'riskListVersion harus bilangan bulat', en: 'riskListVersion must be an integer' });
    const override = checkOverride(input.override);
    const gateId = input.gateId ?? cfg.gateId;

    const now = nowMs(this.ctx);
    const id = this.ctx.newId();
    const measured = cfg.clockOffsetMeasuredAt !== null;
    const clockStatus: ClockStatus = !measured ? 'unknown' : Math.abs(cfg.clockOffsetMs) > CLOCK_OFF_THRESHOLD_MS ? 'off' : 'ok';
    const serverTime = measured ? now + cfg.clockOffsetMs : null;
    const upload: VisitUpload = {
      id,
      deviceTime: msToIso(now),
      serverTime: msToIsoOrNull(serverTime),
      clockOffsetMs: cfg.clockOffsetMs,
      clockStatus,
      venueId: cfg.venueId,
      gateId,
      direction: input.direction,
      outcome: input.outcome,
      reason: input.reason,
      nikHash: nikKey === null ? null : nikKey.toString('hex'),
      identity,
      // the server never receives it; only whether there was one matters (legacy identity): keyed, not readable
      registrationId: input.registrationId ? this.ctx.cipher.keyedId(input.registrationId, REGISTRATION_ID_PURPOSE) : null,
      faceDistance,
      livenessScore,
      riskListVersion,
      override,
    };
    // The frozen body and the row keep the officer's note sealed; nextOutboxBatch opens it for the wire.
    const storedOverride = override === null ? null : sealOverride(override, id, this.ctx.cipher);
    // The decision's own reason, not the claimed NIK's risk entry: a FACE_MISMATCH under a risk-listed
    // NIK is an impostor and must not place that person at this venue.
    const alertStatus = nikKey === null ? null : priorityAlertStatus(input);

    const write = this.ctx.db.transaction((): RecordVisitResult => {
      this.insertVisit.run({
        id,
        deviceTime: now,
        serverTime,
        offset: cfg.clockOffsetMs,
        clockStatus,
        venueId: cfg.venueId,
        gateId,
        direction: input.direction,
        outcome: input.outcome,
        reason: input.reason,
        nikHash: nikKey,
        identity,
        registrationIdEnc: input.registrationId ? this.ctx.cipher.sealText(input.registrationId, visitRegistrationIdAad(id)) : null,
        faceDistance,
        livenessScore,
        riskListVersion,
        override: storedOverride === null ? null : JSON.stringify(storedOverride),
      });
      this.insertOutbox.run(id, this.lastSeq + 1, JSON.stringify({ ...upload, override: storedOverride }), now);
      this.lastSeq++;
      let checkedOutVisitId: string | null = null;
      if (input.direction === 'exit' && nikKey !== null) {
        const open = this.latestOpenByPerson.get(nikKey, now - this.dwellMs());
        if (open && this.close(open.id, now, 'exit-gate')) checkedOutVisitId = open.id;
      }
      if (alertStatus !== null) {
        this.alertOutbox.enqueue({
          id: this.ctx.newId(),
          kind: 'DENY_RISK',
          visitId: id,
          at: upload.deviceTime,
          serverTime: upload.serverTime,
          venueId: cfg.venueId,
          gateId,
          nikHash: upload.nikHash!,
          riskStatus: alertStatus,
          riskListVersion,
        });
      }
      if (override) {
        this.audit.append({
          actor: override.by,
          action: 'visit.override',
          target: id,
          // the code only: the note stays sealed in the visit row
          detail: { from: override.originalOutcome, fromReason: override.originalReason, to: input.outcome, reason: override.reason, note: override.note !== null && override.note !== undefined },
        });
      }
      return { id, checkedOutVisitId, alertQueued: alertStatus !== null };
    });
    try {
      return write.immediate();
    } catch (err) {
      throw storageFull(err);
    }
  }

  get(id: string): VisitRecord | null {
    const row = this.ctx.db.prepare('SELECT * FROM visits WHERE id = ?').get(id) as VisitRow | undefined;
    return row ? toRecord(row, this.ctx.cipher) : null;
  }

  nextOutboxBatch(limit: number): OutboxItem[] {
    if (!Number.isInteger(limit) || limit <= 0) throw badInput({ id: 'limit harus bilangan bulat positif', en: 'limit must be a positive integer' });
    return this.nextBatch.all(limit).map((r) => ({
      id: r.visit_id,
      seq: r.seq,
      visit: openUpload(JSON.parse(r.payload) as VisitUpload, this.ctx.cipher),
      attempts: r.attempts,
      enqueuedAt: msToIso(r.enqueued_at),
    }));
  }

  ackOutbox(ids: string[], serverAckAt: string): number {
    const ackMs = Date.parse(serverAckAt);
    if (!Number.isFinite(ackMs)) throw badInput({ id: 'serverAckAt bukan waktu ISO yang sah', en: 'serverAckAt is not a valid ISO time' });
    const { db } = this.ctx;
    const del = db.prepare('DELETE FROM visit_outbox WHERE visit_id = ?');
    const mark = db.prepare('UPDATE visits SET acked_at = ? WHERE id = ?');
    return db.transaction(() => {
      let n = 0;
      for (const id of ids) {
        if (del.run(id).changes === 1) {
          mark.run(ackMs, id);
          n++;
        }
      }
      return n;
    }).immediate();
  }

  markOutboxAttempt(ids: string[]): void {
    const inc = this.ctx.db.prepare('UPDATE visit_outbox SET attempts = attempts + 1 WHERE visit_id = ?');
    this.ctx.db.transaction(() => ids.forEach((id) => inc.run(id))).immediate();
  }

  /** moves a queued visit aside with the server's reason; the visit row itself stays */
  deadLetter(id: string, reason: string): boolean {
    const { db } = this.ctx;
    return db.transaction(() => {
      const row = db.prepare('SELECT payload FROM visit_outbox WHERE visit_id = ?').get(id) as { payload: string } | undefined;
      if (!row) return false;
      db.prepare("INSERT INTO dead_letter (kind, ref_id, payload, reason, dead_at) VALUES ('visit', ?, ?, ?, ?)").run(id, row.payload, String(reason), nowMs(this.ctx));
      db.prepare('DELETE FROM visit_outbox WHERE visit_id = ?').run(id);
      // the server will never have this visit: its check-out has nowhere to go (the visit row keeps it)
      db.prepare('DELETE FROM checkout_outbox WHERE visit_id = ?').run(id);
      return true;
    }).immediate();
  }

  listDeadLetters(limit = 100): DeadLetterEntry[] {
    const rows = this.ctx.db.prepare('SELECT * FROM dead_letter ORDER BY id DESC LIMIT ?').all(limit) as {
      id: number; kind: DeadLetterEntry['kind']; ref_id: string; payload: string; reason: string; dead_at: number;
    }[];
    return rows.map((r) => ({ id: r.id, kind: r.kind, refId: r.ref_id, payload: JSON.parse(r.payload) as unknown, reason: r.reason, deadAt: msToIso(r.dead_at) }));
  }

  outboxDepth(): number {
    return (this.ctx.db.prepare('SELECT count(*) AS n FROM visit_outbox').get() as { n: number }).n;
  }

  /** oldest visit still waiting in the outbox (dead-lettered ones have their own alert) */
  oldestUnackedMs(): number | null {
    const row = this.ctx.db.prepare(OLDEST_UNACKED_SQL).get() as { t: number | null };
    return row.t;
  }

  countUnackedBefore(cutoffMs: number): number {
    return (this.ctx.db.prepare(COUNT_UNACKED_BEFORE_SQL).get(cutoffMs) as { n: number }).n;
  }

  /** by visit id (staff) or by NIK hash (exit gate: the person's latest open entry). Returns the visit closed. */
  checkOut(target: CheckOutTarget, by: 'exit-gate' | 'staff', actor?: string): { visitId: string } | null {
    if (by !== 'exit-gate' && by !== 'staff') throw badInput({ id: 'check-out oleh exit-gate atau staff', en: 'check-out is by exit-gate or staff' });
    const now = nowMs(this.ctx);
    const cutoff = now - this.dwellMs();
    const { db } = this.ctx;
    return db.transaction(() => {
      let visitId: string | null;
      if ('visitId' in target) {
        const row = db.prepare(
          "SELECT id FROM visits WHERE id = ? AND direction = 'entry' AND outcome = 'ADMIT' AND checked_out_at IS NULL AND device_time > ?",
        ).get(target.visitId, cutoff) as { id: string } | undefined;
        visitId = row?.id ?? null;
      } else {
        visitId = this.latestOpenByPerson.get(hashToBlob(target.nikHash), cutoff)?.id ?? null;
      }
      if (visitId === null) return null;
      this.close(visitId, now, by);
      if (by === 'staff') this.audit.append({ actor: actor ?? 'staff', action: 'visit.check-out', target: visitId });
      return { visitId };
    }).immediate();
  }

  occupancy(): OccupancyReport {
    const cfg = this.config.get();
    const dwellMinutes = cfg?.dwellMinutes ?? DEFAULT_DWELL_MINUTES;
    const current = this.countOpen.get(nowMs(this.ctx) - dwellMinutes * 60_000)!.n;
    return { current, capacity: cfg?.venueCapacity ?? null, dwellMinutes };
  }

  /** closes admitted entries older than the dwell time, as checked out at entry + dwell (queued for the server too) */
  autoCheckOut(): number {
    const dwell = this.dwellMs();
    const cutoff = nowMs(this.ctx) - dwell;
    const { db } = this.ctx;
    return db.transaction(() => {
      // same predicate as the UPDATE below; the server's time is the visit's corrected time + dwell
      db.prepare(
        `INSERT INTO checkout_outbox (visit_id, checked_out_at, enqueued_at)
         SELECT id, coalesce(server_time, device_time) + ?, ? FROM visits
         WHERE direction = 'entry' AND outcome = 'ADMIT' AND checked_out_at IS NULL AND device_time <= ?
         ON CONFLICT (visit_id) DO NOTHING`,
      ).run(dwell, nowMs(this.ctx), cutoff);
      return db
        .prepare(
          `UPDATE visits SET checked_out_at = device_time + ?, checked_out_by = 'auto'
           WHERE direction = 'entry' AND outcome = 'ADMIT' AND checked_out_at IS NULL AND device_time <= ?`,
        )
        .run(dwell, cutoff).changes;
    }).immediate();
  }

  /** check-outs the server does not have yet, of visits it already has (or that left the outbox), oldest visit first */
  nextCheckoutBatch(limit: number): CheckoutOutboxItem[] {
    if (!Number.isInteger(limit) || limit <= 0) throw badInput({ id: 'limit harus bilangan bulat positif', en: 'limit must be a positive integer' });
    const rows = this.ctx.db.prepare(CHECKOUT_NEXT_SQL).all(limit) as { visit_id: string; checked_out_at: number; attempts: number; enqueued_at: number }[];
    return rows.map((r) => ({ id: r.visit_id, checkedOutAt: msToIso(r.checked_out_at), attempts: r.attempts, enqueuedAt: msToIso(r.enqueued_at) }));
  }

  ackCheckouts(visitIds: string[]): number {
    const del = this.ctx.db.prepare('DELETE FROM checkout_outbox WHERE visit_id = ?');
    return this.ctx.db.transaction(() => visitIds.reduce((n, id) => n + del.run(id).changes, 0)).immediate();
  }

  markCheckoutAttempt(visitIds: string[]): void {
    const inc = this.ctx.db.prepare('UPDATE checkout_outbox SET attempts = attempts + 1 WHERE visit_id = ?');
    this.ctx.db.transaction(() => visitIds.forEach((id) => inc.run(id))).immediate();
  }

  checkoutOutboxDepth(): number {
    return (this.ctx.db.prepare('SELECT count(*) AS n FROM checkout_outbox').get() as { n: number }).n;
  }

  /** deletes acknowledged visits older than the cutoff; unacknowledged ones are never touched */
  purgeAckedBefore(cutoffMs: number): number {
    return this.ctx.db.prepare(PURGE_ACKED_SQL).run(cutoffMs).changes;
  }
}
