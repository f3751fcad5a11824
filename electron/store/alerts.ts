// Two kinds of alert. Local alerts are system conditions for staff and the heartbeat (corrupt DB moved
// aside, retention nearing, stale list...), one open row per condition. The alert outbox holds the
// priority alerts for the server (a DENY of a CONFIRMED/SUSPECT person), drained before visits.
import { badInput, msToIso, msToIsoOrNull } from './codec';
import type { StoreContext } from './context';
import { nowMs } from './context';
import { isAlertKey, type AlertKey, type ScopedAlertKey } from '../../sync/protocol/alert-keys';
import type { AlertOutboxItem, AlertSeverity, AlertUpload, LocalAlert, RaiseAlertInput } from './types';

const SEVERITIES: readonly AlertSeverity[] = ['info', 'warning', 'critical'];

interface AlertRow {
  id: number;
  code: AlertKey;
  severity: AlertSeverity;
  message_id: string;
  message_en: string;
  detail_json: string | null;
  raised_at: number;
  last_raised_at: number;
  raise_count: number;
  resolved_at: number | null;
}

function toAlert(r: AlertRow): LocalAlert {
  return {
    id: r.id,
    code: r.code,
    severity: r.severity,
    message: { id: r.message_id, en: r.message_en },
    detail: r.detail_json === null ? null : (JSON.parse(r.detail_json) as Record<string, unknown>),
    raisedAt: msToIso(r.raised_at),
    lastRaisedAt: msToIso(r.last_raised_at),
    count: r.raise_count,
    resolvedAt: msToIsoOrNull(r.resolved_at),
  };
}

export class LocalAlerts {
  constructor(private readonly ctx: StoreContext) {}

  raise(a: RaiseAlertInput): LocalAlert {
    if (typeof a.code !== 'string' || !isAlertKey(a.code)) throw badInput({ id: 'kode peringatan harus salah satu kunci peringatan yang dikenal', en: 'alert code must be one of the known alert keys' });
    if (a.dedupeKey !== undefined && !a.dedupeKey.startsWith(`${a.code}:`)) throw badInput({ id: 'kunci peringatan bercakupan harus diawali kodenya', en: 'a scoped alert key must start with its code' });
    if (!SEVERITIES.includes(a.severity)) throw badInput({ id: 'tingkat peringatan harus info, warning atau critical', en: 'alert severity must be info, warning or critical' });
    if (typeof a.message?.id !== 'string' || typeof a.message?.en !== 'string') throw badInput({ id: 'pesan peringatan perlu teks id dan en', en: 'alert message needs id and en text' });
    const now = nowMs(this.ctx);
    const row = this.ctx.db
      .prepare(
        `INSERT INTO local_alerts (code, severity, message_id, message_en, detail_json, dedupe_key, raised_at, last_raised_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (dedupe_key) WHERE resolved_at IS NULL DO UPDATE SET severity = excluded.severity,
           message_id = excluded.message_id, message_en = excluded.message_en, detail_json = excluded.detail_json,
           last_raised_at = excluded.last_raised_at, raise_count = raise_count + 1
         RETURNING *`,
      )
      .get(a.code, a.severity, a.message.id, a.message.en, a.detail === undefined ? null : JSON.stringify(a.detail), a.dedupeKey ?? a.code, now, now) as AlertRow;
    this.ctx.logger?.warn('store.alert', { code: a.code, severity: a.severity, message: a.message.en });
    return toAlert(row);
  }

  /** resolves by id; by key (its open alert and every scoped `KEY:item` one); or one scoped key. Returns how many */
  resolve(idOrKey: number | AlertKey | ScopedAlertKey): number {
    const now = nowMs(this.ctx);
    if (typeof idOrKey === 'number') {
      return this.ctx.db.prepare('UPDATE local_alerts SET resolved_at = ? WHERE id = ? AND resolved_at IS NULL').run(now, idOrKey).changes;
    }
    if (isAlertKey(idOrKey)) {
      return this.ctx.db.prepare('UPDATE local_alerts SET resolved_at = ? WHERE (dedupe_key = ? OR substr(dedupe_key, 1, ?) = ?) AND resolved_at IS NULL')
        .run(now, idOrKey, idOrKey.length + 1, `${idOrKey}:`).changes;
    }
    return this.ctx.db.prepare('UPDATE local_alerts SET resolved_at = ? WHERE dedupe_key = ? AND resolved_at IS NULL').run(now, idOrKey).changes;
  }

  list(opts: { unresolvedOnly?: boolean; limit?: number } = {}): LocalAlert[] {
    const where = opts.unresolvedOnly ? 'WHERE resolved_at IS NULL' : '';
    return (this.ctx.db.prepare(`SELECT * FROM local_alerts ${where} ORDER BY id DESC LIMIT ?`).all(opts.limit ?? 100) as AlertRow[]).map(toAlert);
  }

  /** resolved alerts older than the cutoff are history nobody reads */
  purgeResolvedBefore(cutoffMs: number): number {
    return this.ctx.db.prepare('DELETE FROM local_alerts WHERE resolved_at IS NOT NULL AND resolved_at < ?').run(cutoffMs).changes;
  }
}

interface OutboxRow {
  id: string;
  payload: string;
  attempts: number;
  enqueued_at: number;
}

export class AlertOutbox {
  constructor(private readonly ctx: StoreContext) {}

  /** inside recordVisit's transaction */
  enqueue(alert: AlertUpload): void {
    this.ctx.db.prepare('INSERT INTO alert_outbox (id, visit_id, payload, enqueued_at) VALUES (?, ?, ?, ?)')
      .run(alert.id, alert.visitId, JSON.stringify(alert), nowMs(this.ctx));
  }

  next(limit = 50): AlertOutboxItem[] {
    return (this.ctx.db.prepare('SELECT id, payload, attempts, enqueued_at FROM alert_outbox ORDER BY seq LIMIT ?').all(limit) as OutboxRow[]).map((r) => ({
      id: r.id,
      alert: JSON.parse(r.payload) as AlertUpload,
      attempts: r.attempts,
      enqueuedAt: msToIso(r.enqueued_at),
    }));
  }

  ack(ids: string[]): number {
    const del = this.ctx.db.prepare('DELETE FROM alert_outbox WHERE id = ?');
    return this.ctx.db.transaction(() => ids.reduce((n, id) => n + del.run(id).changes, 0)).immediate();
  }

  deadLetter(id: string, reason: string): boolean {
    const { db } = this.ctx;
    return db.transaction(() => {
      const row = db.prepare('SELECT payload FROM alert_outbox WHERE id = ?').get(id) as { payload: string } | undefined;
      if (!row) return false;
      db.prepare("INSERT INTO dead_letter (kind, ref_id, payload, reason, dead_at) VALUES ('alert', ?, ?, ?, ?)").run(id, row.payload, String(reason), nowMs(this.ctx));
      db.prepare('DELETE FROM alert_outbox WHERE id = ?').run(id);
      return true;
    }).immediate();
  }

  depth(): number {
    return (this.ctx.db.prepare('SELECT count(*) AS n FROM alert_outbox').get() as { n: number }).n;
  }
}
