// The console audit log is a hash chain: each entry's hash covers the previous entry's hash and
// its own fields, so an edited, removed or re-ordered entry breaks every hash after it. The tables
// also refuse UPDATE and DELETE (triggers), so only someone who can drop those can rewrite history,
// and then the chain (whose latest hash can be noted elsewhere) shows it.
import { canonicalJson, sha256Hex } from '../../protocol/crypto';
import type { AuditEntryInput, AuditEntryRow } from './types';

export const AUDIT_GENESIS = '0'.repeat(64);

export function auditHash(prevHash: string, seq: number, e: AuditEntryInput): string {
  return sha256Hex(canonicalJson({
    v: 1, prevHash, seq, at: e.at, actorKind: e.actorKind, actorId: e.actorId, actorName: e.actorName, actorRole: e.actorRole,
    action: e.action, target: e.target, purpose: e.purpose, address: e.address, details: e.details,
  }));
}

export type ChainCheck = { ok: true; count: number; head: string } | { ok: false; count: number; badSeq: number };

/** Entries in seq order from the first. */
export function verifyAuditChain(rows: readonly AuditEntryRow[]): ChainCheck {
  let prev = AUDIT_GENESIS;
  let expectedSeq = 1;
  for (const r of rows) {
    if (r.seq !== expectedSeq || r.prevHash !== prev || auditHash(prev, r.seq, r) !== r.hash) return { ok: false, count: rows.length, badSeq: r.seq };
    prev = r.hash;
    expectedSeq++;
  }
  return { ok: true, count: rows.length, head: prev };
}
