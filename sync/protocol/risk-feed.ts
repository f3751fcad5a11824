// Risk list feed format: how the city publishes Dinkes' list of keyed NIK hashes and how a kiosk
// checks what it downloaded before anything goes live.
//
// Chunk bytes: UTF-8 text, one change per line, '\n' after every line, sorted by nikHash:
//   +<TAB><nikHash><TAB><STATUS><TAB><validUntil YYYY-MM-DD>   set (add or replace) an entry
//   -<TAB><nikHash>                                             remove an entry (deltas only)
// A snapshot has only '+' lines and replaces the whole list; a delta applies to previousVersion.
//
// Set digest (digestAlg 'lthash16-shake128', ./set-hash.ts): the LtHash16 of the whole set, whose
// elements are the entry lines `<nikHash>\t<STATUS>\t<validUntil>\n`; setDigest is the sha256 of its
// 2048-byte state. It is order-independent and updatable: a kiosk keeps the state of its live list
// and checks a delta in O(delta) BEFORE applying it — state − H(old lines of removed/changed entries)
// + H(new lines) must give setDigest (with the entry count) — so the end state is exactly the city's.
// A kiosk refuses a digestAlg it does not know. A snapshot manifest also carries the 2 KB state itself
// (`setHash`, sha256 = setDigest): hashing a million lines costs seconds, and the lines are signed through
// the chunk hashes already.
//
// Manifests and heads are signed with a city Ed25519 key over a domain-separated canonical JSON.
import { RISK_HEAD_FORMAT, RISK_MANIFEST_FORMAT, RiskHead, RiskManifest, SignedRiskHead, SignedRiskManifest } from './api/risk';
import type { RiskChunkRef } from './api/risk';
import { canonicalJson, sha256Hex, signEd25519, verifyEd25519 } from './crypto';
import { isRiskStatus, type RiskStatus } from './risk-status';
import { EMPTY_LTHASH16_DIGEST, LTHASH16_SHAKE128, LtHash16 } from './set-hash';

export { LtHash16 } from './set-hash';

/** the digest algorithm this code publishes and the only one it accepts */
export const RISK_DIGEST_ALG = LTHASH16_SHAKE128;


export interface RiskEntry {
  nikHash: string;
  status: RiskStatus;
  /** YYYY-MM-DD, inclusive (a civil date in WIB) */
  validUntil: string;
}

export type RiskChange = ({ op: '+' } & RiskEntry) | { op: '-'; nikHash: string };

export const DEFAULT_CHUNK_ENTRIES = 50_000;
export const MANIFEST_SIGNING_PREFIX = 'jejak-risk-manifest/1\n';
export const HEAD_SIGNING_PREFIX = 'jejak-risk-head/1\n';

export interface PinnedKey {
  keyId: string;
  publicKey: string;
}
export interface SigningKey {
  keyId: string;
  privateKey: string;
}

// ---------------------------------------------------------------- lines and digests

export function entryLine(e: RiskEntry): string {
  return `${e.nikHash}\t${e.status}\t${e.validUntil}\n`;
}

function changeLine(c: RiskChange): string {
  return c.op === '+' ? `+\t${entryLine(c)}` : `-\t${c.nikHash}\n`;
}

/**
 * Set digest of a snapshot fed in feed order: refuses entries out of strictly ascending nikHash order
 * (a snapshot is sorted, so this also rules out a duplicate line).
 */
export class SetDigest {
  readonly hash = new LtHash16();
  private last = '';
  count = 0;
  add(e: RiskEntry): void {
    if (e.nikHash <= this.last) throw new Error('set digest: entries must be in strictly ascending nikHash order');
    this.last = e.nikHash;
    this.hash.add(entryLine(e));
    this.count++;
  }
  digest(): string {
    return this.hash.digestHex();
  }
}

/** count and set digest of a set of entries (any order; each nikHash once) */
export function setDigestOf(entries: Iterable<RiskEntry>): { count: number; digest: string } {
  const h = new LtHash16();
  let count = 0;
  for (const e of entries) {
    h.add(entryLine(e));
    count++;
  }
  return { count, digest: h.digestHex() };
}

export const EMPTY_SET_DIGEST = EMPTY_LTHASH16_DIGEST;

/**
 * The set hash after a delta, from the state before it, in O(changes): every change first takes out
 * the entry it replaces or removes (`oldEntry`, null when the hash is not in the set), then a '+'
 * adds its new line. Counts move the same way.
 */
export function setHashAfterDelta(
  before: { hash: LtHash16; count: number },
  changes: Iterable<RiskChange>,
  oldEntry: (nikHash: string) => RiskEntry | null,
): { hash: LtHash16; count: number } {
  const hash = before.hash.clone();
  let count = before.count;
  for (const c of changes) {
    const old = oldEntry(c.nikHash);
    if (old) {
      hash.remove(entryLine(old));
      count--;
    }
    if (c.op === '+') {
      hash.add(entryLine(c));
      count++;
    }
  }
  return { hash, count };
}

// ---------------------------------------------------------------- building (server side)

export interface BuiltChunk {
  ref: RiskChunkRef;
  bytes: Buffer;
}

/** Splits changes (already sorted by nikHash) into chunks of at most `chunkEntries` lines. */
export function buildChunks(changes: readonly RiskChange[], chunkEntries = DEFAULT_CHUNK_ENTRIES): BuiltChunk[] {
  const out: BuiltChunk[] = [];
  for (let start = 0, index = 0; start < changes.length; start += chunkEntries, index++) {
    const slice = changes.slice(start, start + chunkEntries);
    const bytes = Buffer.from(slice.map(changeLine).join(''), 'utf8');
    out.push({ ref: { index, sha256: sha256Hex(bytes), entries: slice.length, bytes: bytes.length }, bytes });
  }
  return out;
}

/**
 * Snapshot chunks and the set digest in one pass over entries already sorted by nikHash (1M entries:
 * one string per line, one hash update per chunk).
 */
export function buildSnapshotChunks(sorted: readonly RiskEntry[], chunkEntries = DEFAULT_CHUNK_ENTRIES, knownHash?: LtHash16): { chunks: BuiltChunk[]; count: number; digest: string; hash: LtHash16 } {
  // Bytes are written straight into buffers (no per-line strings): every field is ASCII by type
  // (hex hash, status enum, date), checked below so a bad value cannot slip through as garbage.
  // `knownHash`: the caller already has the set hash of exactly these entries (updated from the
  // previous version by the diff), so the per-line SHAKE-128 — nearly all of the cost — is skipped.
  const digest = knownHash?.clone() ?? new LtHash16();
  const hashLines = knownHash === undefined;
  const chunks: BuiltChunk[] = [];
  const MAX_LINE = 2 + 64 + 1 + 13 + 1 + 10 + 1;
  for (let start = 0, index = 0; start < sorted.length; start += chunkEntries, index++) {
    const end = Math.min(sorted.length, start + chunkEntries);
    const buf = Buffer.allocUnsafe((end - start) * MAX_LINE);
    let off = 0;
    for (let i = start; i < end; i++) {
      const e = sorted[i]!;
      if (i > 0 && e.nikHash <= sorted[i - 1]!.nikHash) throw new Error('snapshot entries must be in strictly ascending nikHash order');
      if (e.nikHash.length !== 64 || !isRiskStatus(e.status) || e.validUntil.length !== 10) throw new Error(`bad risk entry ${e.nikHash.slice(0, 8)}…`);
      buf[off++] = 0x2b; // '+'
      buf[off++] = 0x09;
      const lineStart = off;
      off += buf.write(e.nikHash, off, 'latin1');
      buf[off++] = 0x09;
      off += buf.write(e.status, off, 'latin1');
      buf[off++] = 0x09;
      off += buf.write(e.validUntil, off, 'latin1');
      buf[off++] = 0x0a;
      if (hashLines) digest.add(buf.subarray(lineStart, off));
    }
    const bytes = Buffer.from(buf.subarray(0, off));
    chunks.push({ ref: { index, sha256: sha256Hex(bytes), entries: end - start, bytes: bytes.length }, bytes });
  }
  return { chunks, count: sorted.length, digest: digest.digestHex(), hash: digest };
}

const HEX_VALUE = new Int8Array(128).fill(0);
for (let i = 0; i < 16; i++) HEX_VALUE['0123456789abcdef'.charCodeAt(i)] = i;
const BUCKETS = 65_536;

/**
 * Sorts entries by nikHash. Hashes are uniform HMAC output, so a counting sort on the first 4 hex
 * digits puts ~15 entries of a 1M list in each bucket, and each bucket is finished by comparing
 * strings (insertion sort while small). 1.5× faster than sorting 4,096 buckets with a comparator,
 * and a publication sorts the whole list every time (issue 14: publication ≤ 2 s).
 */
export function sortByNikHash<T extends { nikHash: string }>(entries: readonly T[]): T[] {
  const n = entries.length;
  const keys = new Uint32Array(n);
  const starts = new Uint32Array(BUCKETS + 1);
  for (let i = 0; i < n; i++) {
    const h = entries[i]!.nikHash;
    // non-hex characters count as 0: such a list is refused later (snapshot order check, parse)
    const k = (HEX_VALUE[h.charCodeAt(0) & 127]! << 12) | (HEX_VALUE[h.charCodeAt(1) & 127]! << 8) | (HEX_VALUE[h.charCodeAt(2) & 127]! << 4) | HEX_VALUE[h.charCodeAt(3) & 127]!;
    keys[i] = k;
    starts[k + 1]!++;
  }
  for (let k = 1; k <= BUCKETS; k++) starts[k]! += starts[k - 1]!;
  const out = new Array<T>(n);
  const next = starts.slice(0, BUCKETS);
  for (let i = 0; i < n; i++) out[next[keys[i]!]!++] = entries[i]!;
  const byHash = (x: T, y: T) => (x.nikHash < y.nikHash ? -1 : x.nikHash > y.nikHash ? 1 : 0);
  for (let k = 0; k < BUCKETS; k++) {
    const lo = starts[k]!, hi = starts[k + 1]!;
    if (hi - lo > 64) {
      const sorted = out.slice(lo, hi).sort(byHash);
      for (let i = lo; i < hi; i++) out[i] = sorted[i - lo]!;
      continue;
    }
    for (let i = lo + 1; i < hi; i++) {
      const x = out[i]!;
      let j = i - 1;
      while (j >= lo && out[j]!.nikHash > x.nikHash) {
        out[j + 1] = out[j]!;
        j--;
      }
      out[j + 1] = x;
    }
  }
  return out;
}

export function signManifest(manifest: RiskManifest, key: SigningKey): SignedRiskManifest {
  const checked = RiskManifest.parse(manifest);
  return { manifest: checked, keyId: key.keyId, signature: signEd25519(key.privateKey, MANIFEST_SIGNING_PREFIX + canonicalJson(checked)) };
}

export function signHead(head: RiskHead, key: SigningKey): SignedRiskHead {
  const checked = RiskHead.parse(head);
  return { head: checked, keyId: key.keyId, signature: signEd25519(key.privateKey, HEAD_SIGNING_PREFIX + canonicalJson(checked)) };
}

export { RISK_HEAD_FORMAT, RISK_MANIFEST_FORMAT };

// ---------------------------------------------------------------- verification (kiosk side)

export type RiskVerifyCode =
  | 'manifest_malformed'
  | 'unknown_key'
  | 'bad_signature'
  | 'expired'
  | 'not_yet_valid'
  | 'wrong_list'
  | 'rollback'
  | 'chain_broken'
  | 'chunk_hash_mismatch'
  | 'chunk_malformed'
  | 'chunk_count_mismatch'
  | 'count_mismatch'
  | 'digest_mismatch'
  | 'unsupported_digest';

export type RiskVerifyResult<T> = { ok: true; value: T } | { ok: false; code: RiskVerifyCode; detail: string };

const fail = <T>(code: RiskVerifyCode, detail: string): RiskVerifyResult<T> => ({ ok: false, code, detail });

export interface SignatureCheckOptions {
  pinnedKeys: readonly PinnedKey[];
  /** unix ms */
  now: number;
  /** tolerated clock difference for issuedAt in the future, ms (default 5 min) */
  skewMs?: number;
  /** if given, the manifest/head must be for this list */
  listId?: string;
}

function checkSigned(prefix: string, body: unknown, keyId: string, signature: string, opts: SignatureCheckOptions, issuedAt: string, expiresAt: string, listId: string): RiskVerifyResult<null> {
  const key = opts.pinnedKeys.find((k) => k.keyId === keyId);
  if (!key) return fail('unknown_key', `key id ${keyId} is not pinned on this device`);
  if (!verifyEd25519(key.publicKey, prefix + canonicalJson(body), signature)) return fail('bad_signature', `signature does not verify with key ${keyId}`);
  if (opts.listId !== undefined && listId !== opts.listId) return fail('wrong_list', `list ${listId} is not ${opts.listId}`);
  const skew = opts.skewMs ?? 5 * 60_000;
  if (Date.parse(issuedAt) > opts.now + skew) return fail('not_yet_valid', `issued at ${issuedAt}, in the future`);
  if (Date.parse(expiresAt) <= opts.now) return fail('expired', `expired at ${expiresAt}`);
  return { ok: true, value: null };
}

/** Shape, pinned key, Ed25519 signature, list id and validity window of one signed manifest. */
export function verifySignedManifest(input: unknown, opts: SignatureCheckOptions): RiskVerifyResult<RiskManifest> {
  const parsed = SignedRiskManifest.safeParse(input);
  if (!parsed.success) return fail('manifest_malformed', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const { manifest, keyId, signature } = parsed.data;
  const r = checkSigned(MANIFEST_SIGNING_PREFIX, manifest, keyId, signature, opts, manifest.issuedAt, manifest.expiresAt, manifest.listId);
  if (!r.ok) return r;
  if (manifest.digestAlg !== RISK_DIGEST_ALG) return fail('unsupported_digest', `set digest algorithm ${manifest.digestAlg.slice(0, 64)} is not supported (this kiosk knows ${RISK_DIGEST_ALG})`);
  const lines = manifest.chunks.reduce((n, c) => n + c.entries, 0);
  if (lines !== manifest.changeCount) return fail('manifest_malformed', `chunks hold ${lines} lines, changeCount says ${manifest.changeCount}`);
  if (manifest.chunks.some((c, i) => c.index !== i)) return fail('manifest_malformed', 'chunk indexes are not 0..n-1');
  if (manifest.type === 'snapshot' && manifest.changeCount !== manifest.entryCount) return fail('manifest_malformed', 'a snapshot has one line per entry');
  if (manifest.type === 'delta' && manifest.previousVersion >= manifest.version) return fail('manifest_malformed', 'a delta must move forward');
  if (manifest.type === 'snapshot' && manifest.setHash === undefined) return fail('manifest_malformed', 'a snapshot carries its set hash state');
  if (manifest.type === 'delta' && manifest.setHash !== undefined) return fail('manifest_malformed', 'only a snapshot carries a set hash state');
  if (manifest.setHash !== undefined && sha256Hex(Buffer.from(manifest.setHash, 'base64url')) !== manifest.setDigest) {
    return fail('digest_mismatch', 'the set hash state does not have the manifest\'s setDigest');
  }
  return { ok: true, value: manifest };
}

export function verifySignedHead(input: unknown, opts: SignatureCheckOptions): RiskVerifyResult<RiskHead> {
  const parsed = SignedRiskHead.safeParse(input);
  if (!parsed.success) return fail('manifest_malformed', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const { head, keyId, signature } = parsed.data;
  const r = checkSigned(HEAD_SIGNING_PREFIX, head, keyId, signature, opts, head.issuedAt, head.expiresAt, head.listId);
  if (!r.ok) return r;
  if (head.digestAlg !== RISK_DIGEST_ALG) return fail('unsupported_digest', `set digest algorithm ${head.digestAlg.slice(0, 64)} is not supported (this kiosk knows ${RISK_DIGEST_ALG})`);
  return { ok: true, value: head };
}

/**
 * The manifests must move the kiosk forward from `currentVersion` without gaps: a snapshot to a newer
 * version, or a chain of deltas whose first applies on currentVersion and each next on the one before.
 */
export function checkVersionChain(currentVersion: number, manifests: readonly RiskManifest[]): RiskVerifyResult<{ finalVersion: number }> {
  if (manifests.length === 0) return { ok: true, value: { finalVersion: currentVersion } };
  const listId = manifests[0]!.listId;
  let version = currentVersion;
  for (const [i, m] of manifests.entries()) {
    if (m.listId !== listId) return fail('wrong_list', 'manifests of different lists');
    if (m.version <= version) return fail('rollback', `version ${m.version} is not newer than ${version}`);
    if (m.type === 'snapshot') {
      if (manifests.length !== 1) return fail('chain_broken', 'a snapshot comes alone');
    } else if (m.previousVersion !== version) {
      return fail('chain_broken', `delta #${i} applies on ${m.previousVersion}, the list is at ${version}`);
    }
    version = m.version;
  }
  return { ok: true, value: { finalVersion: version } };
}

const HASH_RE = /^[0-9a-f]{64}$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Checks a downloaded chunk against its manifest entry and parses it; any deviation is an error. */
export function verifyChunk(ref: RiskChunkRef, bytes: Uint8Array, type: 'snapshot' | 'delta'): RiskVerifyResult<RiskChange[]> {
  if (bytes.length !== ref.bytes) return fail('chunk_hash_mismatch', `chunk ${ref.index}: ${bytes.length} bytes, manifest says ${ref.bytes}`);
  if (sha256Hex(bytes) !== ref.sha256) return fail('chunk_hash_mismatch', `chunk ${ref.index}: sha256 differs from the manifest`);
  const parsed = parseChunk(bytes, type);
  if (!parsed.ok) return fail('chunk_malformed', `chunk ${ref.index}: ${parsed.detail}`);
  if (parsed.value.length !== ref.entries) return fail('chunk_count_mismatch', `chunk ${ref.index}: ${parsed.value.length} lines, manifest says ${ref.entries}`);
  return parsed;
}

export function parseChunk(bytes: Uint8Array, type: 'snapshot' | 'delta'): RiskVerifyResult<RiskChange[]> {
  const text = Buffer.from(bytes).toString('utf8');
  if (text.length > 0 && !text.endsWith('\n')) return fail('chunk_malformed', 'truncated: no newline after the last line');
  const out: RiskChange[] = [];
  let prev = '';
  let lineNo = 0;
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end);
    start = end + 1;
    lineNo++;
    const f = line.split('\t');
    let change: RiskChange;
    if (f[0] === '+' && f.length === 4) {
      const [, nikHash, status, validUntil] = f as [string, string, string, string];
      if (!HASH_RE.test(nikHash) || !isRiskStatus(status) || !DATE_RE.test(validUntil)) return fail('chunk_malformed', `line ${lineNo}: bad entry`);
      change = { op: '+', nikHash, status, validUntil };
    } else if (f[0] === '-' && f.length === 2 && type === 'delta') {
      if (!HASH_RE.test(f[1]!)) return fail('chunk_malformed', `line ${lineNo}: bad hash`);
      change = { op: '-', nikHash: f[1]! };
    } else {
      return fail('chunk_malformed', `line ${lineNo}: not a ${type} line`);
    }
    if (change.nikHash <= prev) return fail('chunk_malformed', `line ${lineNo}: not in ascending nikHash order`);
    prev = change.nikHash;
    out.push(change);
  }
  return { ok: true, value: out };
}

/** After applying: the kiosk's whole list must have the manifest's entry count and set digest. */
export function verifyFinalState(manifest: Pick<RiskManifest, 'entryCount' | 'setDigest' | 'version'>, actual: { count: number; digest: string }): RiskVerifyResult<null> {
  if (actual.count !== manifest.entryCount) return fail('count_mismatch', `list has ${actual.count} entries, version ${manifest.version} has ${manifest.entryCount}`);
  if (actual.digest !== manifest.setDigest) return fail('digest_mismatch', `set digest differs from version ${manifest.version}`);
  return { ok: true, value: null };
}
