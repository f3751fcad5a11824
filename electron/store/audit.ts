// Audit log of staff and admin actions as a hash chain: each row's hash covers its own fields and the
// previous row's hash, and the head (last seq + hash) is kept in `meta`. Editing a row breaks its hash,
// deleting or reordering rows breaks the links or the sequence, and cutting rows off the end no longer
// matches the head. (Someone able to rewrite the whole chain AND the head can forge it; the chain makes
// tampering evident, it does not prevent it.)
import { canonicalJson, sha256Hex } from '../../sync/protocol/crypto';
import { badInput, msToIso } from './codec';
import type { StoreContext } from './context';
import { nowMs } from './context';
import type { AuditEntry, AuditInput, AuditVerifyResult } from './types';

export const AUDIT_GENESIS = '0'.repeat(64);
const HEAD_KEY = 'audit_head';

interface Row {
  seq: number;
  at: number;
  actor: string;
  action: string;
  target: string | null;
  detail_json: string | null;
  prev_hash: string;
  hash: string;
}

function rowHash(r: { seq: number; at: number; actor: string; action: string; target: string | null; detail: unknown; prevHash: string }): string {
  return sha256Hex(canonicalJson({ seq: r.seq, at: r.at, actor: r.actor, action: r.action, target: r.target, detail: r.detail, prevHash: r.prevHash }));
}

function toEntry(r: Row): AuditEntry {
  return {
    seq: r.seq,
    at: msToIso(r.at),
    actor: r.actor,
    action: r.action,
    target: r.target,
    detail: r.detail_json === null ? null : (JSON.parse(r.detail_json) as Record<string, unknown>),
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export class AuditLog {
  constructor(private readonly ctx: StoreContext) {}

  /** Appends one row; safe inside a caller's transaction (becomes a savepoint). */
  append(input: AuditInput): AuditEntry {
    if (typeof input.actor !== 'string' || input.actor.length === 0) throw badInput({ id: 'pelaku audit wajib diisi', en: 'audit actor is required' });
    if (typeof input.action !== 'string' || input.action.length === 0) throw badInput({ id: 'aksi audit wajib diisi', en: 'audit action is required' });
    const { db } = this.ctx;
    return db.transaction(() => {
      const last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
      const seq = (last?.seq ?? 0) + 1;
      const prevHash = last?.hash ?? AUDIT_GENESIS;
      const detailJson = input.detail === undefined || input.detail === null ? null : canonicalJson(input.detail);
      const fields = {
        seq,
        at: nowMs(this.ctx),
        actor: input.actor,
        action: input.action,
        target: input.target ?? null,
        detail: detailJson === null ? null : (JSON.parse(detailJson) as unknown),
        prevHash,
      };
      const hash = rowHash(fields);
      db.prepare('INSERT INTO audit_log (seq, at, actor, action, target, detail_json, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(seq, fields.at, fields.actor, fields.action, fields.target, detailJson, prevHash, hash);
      db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(HEAD_KEY, `${seq}:${hash}`);
      return toEntry({ seq, at: fields.at, actor: fields.actor, action: fields.action, target: fields.target, detail_json: detailJson, prev_hash: prevHash, hash });
    })();
  }

  list(limit = 100): AuditEntry[] {
    return (this.ctx.db.prepare('SELECT * FROM audit_log ORDER BY seq DESC LIMIT ?').all(limit) as Row[]).map(toEntry);
  }

  verify(): AuditVerifyResult {
    const { db } = this.ctx;
    let expectedSeq = 1;
    let prev = AUDIT_GENESIS;
    let rows = 0;
    for (const r of db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as IterableIterator<Row>) {
      rows++;
      if (r.seq !== expectedSeq) return { ok: false, rows, brokenAtSeq: r.seq, problem: 'sequence-gap' };
      if (r.prev_hash !== prev) return { ok: false, rows, brokenAtSeq: r.seq, problem: 'broken-link' };
      let detail: unknown;
      try {
        detail = r.detail_json === null ? null : JSON.parse(r.detail_json);
      } catch {
        return { ok: false, rows, brokenAtSeq: r.seq, problem: 'hash-mismatch' };
      }
      const h = rowHash({ seq: r.seq, at: r.at, actor: r.actor, action: r.action, target: r.target, detail, prevHash: r.prev_hash });
      if (h !== r.hash) return { ok: false, rows, brokenAtSeq: r.seq, problem: 'hash-mismatch' };
      prev = r.hash;
      expectedSeq++;
    }
    const headRow = db.prepare('SELECT value FROM meta WHERE key = ?').get(HEAD_KEY) as { value: string | Buffer } | undefined;
    const head = headRow === undefined ? null : String(headRow.value);
    const actual = rows === 0 ? null : `${rows}:${prev}`;
    if (head !== actual) return { ok: false, rows, brokenAtSeq: rows + 1, problem: 'head-mismatch' };
    return { ok: true, rows, head: prev };
  }
}
