// A risk-list feed served over real HTTP, built with the shared protocol code (sync/protocol/risk-feed.ts)
// and signed with a city key the test holds — so a test can also publish what a real city never would
// (expired, rolled back, corrupted, signed by the wrong key) and check the kiosk refuses each.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { RiskManifest, SignedRiskHead, SignedRiskManifest } from '../../sync/protocol/api/risk';
import { generateEd25519KeyPair } from '../../sync/protocol/crypto';
import { buildChunks, EMPTY_SET_DIGEST, entryLine, LtHash16, RISK_DIGEST_ALG, setDigestOf, signHead, signManifest, type RiskChange, type RiskEntry } from '../../sync/protocol/risk-feed';

export interface FeedVersion {
  version: number;
  entries: RiskEntry[];
  snapshot: SignedRiskManifest;
  delta: SignedRiskManifest | null;
}

export function randomEntries(n: number): RiskEntry[] {
  const statuses = ['CONFIRMED', 'SUSPECT', 'CLOSE_CONTACT'] as const;
  const out: RiskEntry[] = [];
  for (let i = 0; i < n; i++) {
    out.push({ nikHash: randomBytes(32).toString('hex'), status: statuses[i % 3]!, validUntil: i % 2 ? '2099-12-31' : `2030-0${(i % 9) + 1}-1${i % 10}` });
  }
  return out.sort((a, b) => (a.nikHash < b.nikHash ? -1 : 1));
}

export class RiskFeedFixture {
  readonly key = { keyId: 'city-2026', ...generateEd25519KeyPair() };
  readonly listId = 'bogor';
  readonly versions: FeedVersion[] = [];
  readonly chunks = new Map<string, Buffer>();
  /** tamper hooks for the next answers */
  tamper: {
    updates?: (since: number, body: { head: SignedRiskHead; mode: string; manifests: SignedRiskManifest[] }) => unknown;
    chunk?: (sha: string, bytes: Buffer) => Buffer;
  } = {};
  requests = 0;
  private server: http.Server | null = null;
  url = '';
  /** how long manifests stay valid */
  ttlMs = 7 * 86_400_000;

  get pinned(): Record<string, string> {
    return { [this.key.keyId]: this.key.publicKey };
  }

  manifest(partial: Omit<RiskManifest, 'format' | 'listId' | 'issuedAt' | 'expiresAt' | 'digestAlg'> & { issuedAt?: string; expiresAt?: string; digestAlg?: string }, signingKey = this.key): SignedRiskManifest {
    const now = Date.now();
    return signManifest({
      format: 'jejak-risk/2',
      digestAlg: RISK_DIGEST_ALG,
      listId: this.listId,
      issuedAt: new Date(now - 1000).toISOString(),
      expiresAt: new Date(now + this.ttlMs).toISOString(),
      ...partial,
    }, signingKey);
  }

  publish(entries: RiskEntry[], chunkEntries = 50_000): FeedVersion {
    const sorted = [...entries].sort((a, b) => (a.nikHash < b.nikHash ? -1 : 1));
    const prev = this.versions[this.versions.length - 1];
    const version = (prev?.version ?? 0) + 1;
    const { count, digest } = setDigestOf(sorted);
    const snapChunks = buildChunks(sorted.map((e) => ({ op: '+' as const, ...e })), chunkEntries);
    for (const c of snapChunks) this.chunks.set(c.ref.sha256, c.bytes);
    const setHash = LtHash16.of(sorted.map(entryLine)).bytes().toString('base64url');
    const snapshot = this.manifest({ type: 'snapshot', version, previousVersion: prev?.version ?? 0, entryCount: count, changeCount: count, setDigest: digest, setHash, chunks: snapChunks.map((c) => c.ref) });
    let delta: SignedRiskManifest | null = null;
    if (prev) {
      const before = new Map(prev.entries.map((e) => [e.nikHash, e]));
      const after = new Map(sorted.map((e) => [e.nikHash, e]));
      const changes: RiskChange[] = [];
      for (const e of sorted) {
        const b = before.get(e.nikHash);
        if (!b || b.status !== e.status || b.validUntil !== e.validUntil) changes.push({ op: '+', ...e });
      }
      for (const e of prev.entries) if (!after.has(e.nikHash)) changes.push({ op: '-', nikHash: e.nikHash });
      changes.sort((a, b) => (a.nikHash < b.nikHash ? -1 : 1));
      const dChunks = buildChunks(changes, chunkEntries);
      for (const c of dChunks) this.chunks.set(c.ref.sha256, c.bytes);
      delta = this.manifest({ type: 'delta', version, previousVersion: prev.version, entryCount: count, changeCount: changes.length, setDigest: digest, chunks: dChunks.map((c) => c.ref) });
    }
    const v = { version, entries: sorted, snapshot, delta };
    this.versions.push(v);
    return v;
  }

  head(v = this.versions[this.versions.length - 1]): SignedRiskHead {
    const now = Date.now();
    return signHead({
      format: 'jejak-risk-head/2',
      digestAlg: RISK_DIGEST_ALG,
      listId: this.listId,
      version: v?.version ?? 0,
      entryCount: v?.entries.length ?? 0,
      setDigest: v ? v.snapshot.manifest.setDigest : EMPTY_SET_DIGEST,
      publishedAt: new Date(now - 1000).toISOString(),
      issuedAt: new Date(now - 1000).toISOString(),
      expiresAt: new Date(now + this.ttlMs).toISOString(),
    }, this.key);
  }

  updates(since: number): { head: SignedRiskHead; mode: 'current' | 'delta' | 'snapshot'; manifests: SignedRiskManifest[] } {
    const latest = this.versions[this.versions.length - 1];
    const head = this.head();
    if (!latest || since === latest.version) return { head, mode: 'current', manifests: [] };
    const after = this.versions.filter((v) => v.version > since);
    if (since > 0 && after.every((v) => v.delta) && this.versions.some((v) => v.version === since)) {
      return { head, mode: 'delta', manifests: after.map((v) => v.delta!) };
    }
    return { head, mode: 'snapshot', manifests: [latest.snapshot] };
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      this.requests++;
      const u = new URL(req.url ?? '/', 'http://x');
      const send = (status: number, body: unknown, type = 'application/json'): void => {
        const buf = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
        res.writeHead(status, { 'content-type': type, 'content-length': buf.length });
        res.end(buf);
      };
      if (u.pathname === '/v1/risk/updates') {
        const since = Number(u.searchParams.get('since') ?? 0);
        const body = this.updates(since);
        return send(200, this.tamper.updates ? this.tamper.updates(since, body) : body);
      }
      const m = /^\/v1\/risk\/chunks\/([0-9a-f]{64})$/.exec(u.pathname);
      if (m) {
        const bytes = this.chunks.get(m[1]!);
        if (!bytes) return send(404, { error: { code: 'risk_chunk_not_found', message: { id: '-', en: '-' } }, serverTime: new Date().toISOString() });
        return send(200, this.tamper.chunk ? this.tamper.chunk(m[1]!, bytes) : bytes, 'text/plain');
      }
      send(404, { error: { code: 'not_found', message: { id: '-', en: '-' } }, serverTime: new Date().toISOString() });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}
