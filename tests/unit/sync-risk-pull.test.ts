// Risk list pull against a real HTTP feed (built and signed with the shared protocol code) into the
// real kiosk store. Every tampering the issue lists must leave the live list exactly as it was and
// raise an alert; good snapshots and deltas must land whole.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FileKeyStore, openKioskStore, type KioskStore } from '../../electron/store/index';
import { HttpClient } from '../../sync/agent/http-client';
import { pullRiskList, validUntilFromIso, validUntilToIso, type RiskPullContext } from '../../sync/agent/risk-pull';
import { generateEd25519KeyPair } from '../../sync/protocol/crypto';
import { LtHash16 } from '../../sync/protocol/set-hash';
import { RiskFeedFixture, randomEntries } from '../faults/feed-fixture';

let dir: string;
let store: KioskStore;
let feed: RiskFeedFixture;
let ctx: RiskPullContext;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'jejak-risk-'));
  store = openKioskStore({ path: path.join(dir, 'kiosk.db'), keyStore: new FileKeyStore(path.join(dir, 'data.key')), clock: { now: () => new Date() } });
  feed = new RiskFeedFixture();
  const url = await feed.start();
  const dev = generateEd25519KeyPair();
  store.saveDeviceConfig({
    deviceId: '0190a0a0-0000-7000-8000-000000000001', venueId: 'v1', gateId: 'g1', gateMode: 'entry', serverUrl: url,
    cityPublicKeys: feed.pinned, nikHashKey: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', devicePublicKey: dev.publicKey, devicePrivateKey: dev.privateKey,
  });
  ctx = { store, client: new HttpClient({ baseUrl: url, timeoutMs: 5000 }), serverNow: () => Date.now() };
});
afterAll(async () => {
  store.close();
  await feed.stop();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  feed.tamper = {};
});

const rejectedAlerts = (): number => store.listAlerts({ unresolvedOnly: true }).filter((a) => a.code === 'RISK_LIST_REJECTED').length;

function expectUnchanged(version: number, probe: { nikHash: string; status: string }): void {
  expect(store.riskListMeta()?.version).toBe(version);
  expect(store.lookupRisk(probe.nikHash)?.status).toBe(probe.status);
}

describe('risk list pull', () => {
  it('maps feed dates (inclusive, WIB) to the store and back', () => {
    expect(validUntilToIso('2026-03-10')).toBe('2026-03-10T16:59:59.999Z');
    expect(validUntilFromIso(validUntilToIso('2026-03-10'))).toBe('2026-03-10');
  });

  it('applies a first snapshot whole', async () => {
    const v1 = feed.publish(randomEntries(3000), 1000);
    const r = await pullRiskList(ctx);
    expect(r).toMatchObject({ kind: 'applied', mode: 'snapshot', version: 1, entries: 3000 });
    expect(store.riskListCount()).toBe(3000);
    const probe = v1.entries[1234]!;
    expect(store.lookupRisk(probe.nikHash)?.status).toBe(probe.status);
    expect(await pullRiskList(ctx)).toMatchObject({ kind: 'current', version: 1 });
  });

  it('applies a chain of deltas (adds, removes, status changes) and checks the final digest', async () => {
    const v1 = feed.versions[0]!.entries;
    const removed = v1[10]!;
    const changed = { ...v1[20]!, status: v1[20]!.status === 'CONFIRMED' ? 'SUSPECT' as const : 'CONFIRMED' as const };
    const v2 = [...v1.filter((e) => e !== removed && e.nikHash !== changed.nikHash), changed, ...randomEntries(50)];
    feed.publish(v2, 1000);
    const added = randomEntries(20);
    feed.publish([...v2, ...added], 1000);
    const r = await pullRiskList(ctx);
    expect(r).toMatchObject({ kind: 'applied', mode: 'delta', fromVersion: 1, version: 3 });
    expect(store.riskListCount()).toBe(3000 - 1 + 50 + 20);
    expect(store.lookupRisk(removed.nikHash)).toBeNull();
    expect(store.lookupRisk(changed.nikHash)?.status).toBe(changed.status);
    expect(store.lookupRisk(added[0]!.nikHash)).not.toBeNull();
  });

  it('checks a delta from the stored set hash alone, without reading the live list', async () => {
    expect(store.riskListMeta()).toMatchObject({ digestAlg: 'lthash16-shake128' });
    expect((store.riskListMeta() as { setHash?: Uint8Array }).setHash?.length).toBe(2048);
    let walked = 0;
    const noWalk = new Proxy(store, {
      get(target, prop) {
        if (prop === 'iterateRiskEntries' || prop === 'riskEntriesPage') return () => { walked++; throw new Error('walked the live list'); };
        const v = Reflect.get(target, prop) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const before = feed.versions[feed.versions.length - 1]!.entries;
    const changed = { ...before[7]!, validUntil: '2031-01-01' };
    feed.publish([...before.slice(2, 7), changed, ...before.slice(8), ...randomEntries(3)], 1000);
    const r = await pullRiskList({ ...ctx, store: noWalk as never });
    expect(r).toMatchObject({ kind: 'applied', mode: 'delta', entries: before.length - 2 + 3 });
    expect(walked).toBe(0);
    expect(validUntilFromIso(store.lookupRisk(changed.nikHash)!.validUntil)).toBe('2031-01-01');
    expect(store.riskListMeta()?.digest).toBe(feed.versions[feed.versions.length - 1]!.snapshot.manifest.setDigest);
  });

  it('a list without a stored set hash (applied before schema 4) is walked once, page by page (the gate keeps the thread)', async () => {
    let pages = 0;
    // no stored state (as after the migration) and the store's entries in small keyset pages
    const paged = new Proxy(store, {
      get(target, prop) {
        if (prop === 'riskListMeta') return () => ({ ...target.riskListMeta()!, digestAlg: null, setHash: null });
        if (prop === 'riskEntriesPage') {
          return (after: string | null, limit: number) => {
            pages++;
            const out = [];
            for (const e of target.iterateRiskEntries()) {
              if (after !== null && e.nikHash <= after) continue;
              out.push(e);
              if (out.length === limit) break;
            }
            return out;
          };
        }
        const v = Reflect.get(target, prop) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const before = feed.versions[feed.versions.length - 1]!.entries;
    feed.publish([...before.slice(3), ...randomEntries(4)], 1000);
    const r = await pullRiskList({ ...ctx, store: paged as never, digestPageSize: 100 });
    expect(r).toMatchObject({ kind: 'applied', mode: 'delta' });
    expect(pages).toBeGreaterThan(20);
    // the applied delta stored the state: the next one needs no walk
    expect((store.riskListMeta() as { setHash?: Uint8Array }).setHash?.length).toBe(2048);
    // and a wrong digest is still caught when walking in pages
    feed.publish([...feed.versions[feed.versions.length - 1]!.entries.slice(2)], 1000);
    feed.tamper.updates = (_since, body) => ({ ...body, manifests: body.manifests.map((sm) => feed.manifest({ ...sm.manifest, setDigest: 'f'.repeat(64) })) });
    const bad = await pullRiskList({ ...ctx, store: paged as never, digestPageSize: 100 });
    expect(bad).toMatchObject({ kind: 'rejected', code: 'digest_mismatch' });
    feed.tamper = {};
    expect((await pullRiskList(ctx)).kind).toBe('applied');
  });

  it('does not trust a stored set hash that no longer matches the list digest: it walks the list instead', async () => {
    let walked = 0;
    const damaged = new Proxy(store, {
      get(target, prop) {
        if (prop === 'riskListMeta') return () => ({ ...target.riskListMeta()!, setHash: Buffer.alloc(2048, 7) });
        if (prop === 'iterateRiskEntries') return () => { walked++; return target.iterateRiskEntries(); };
        const v = Reflect.get(target, prop) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const before = feed.versions[feed.versions.length - 1]!.entries;
    feed.publish([...before.slice(1), ...randomEntries(2)], 1000);
    expect(await pullRiskList({ ...ctx, store: damaged as never })).toMatchObject({ kind: 'applied', mode: 'delta' });
    expect(walked).toBe(1);
  });

  it('a stored state that drifted from the list (e.g. a wrong state in a signed snapshot) is recomputed from the list', async () => {
    let walked = 0;
    const other = LtHash16.of(['not this list']);
    const drifted = new Proxy(store, {
      get(target, prop) {
        if (prop === 'riskListMeta') return () => ({ ...target.riskListMeta()!, setHash: other.bytes(), digest: other.digestHex() });
        if (prop === 'iterateRiskEntries') return () => { walked++; return target.iterateRiskEntries(); };
        const v = Reflect.get(target, prop) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const before = feed.versions[feed.versions.length - 1]!.entries;
    feed.publish([...before.slice(1), ...randomEntries(2)], 1000);
    expect(await pullRiskList({ ...ctx, store: drifted as never })).toMatchObject({ kind: 'applied', mode: 'delta' });
    expect(walked).toBe(1);
    expect(store.riskListMeta()?.digest).toBe(feed.versions[feed.versions.length - 1]!.snapshot.manifest.setDigest);
  });

  const tamperCases: [string, (f: RiskFeedFixture) => void, string][] = [
    ['a corrupt chunk', (f) => { f.tamper.chunk = (_s, b) => { const c = Buffer.from(b); c[5] = c[5]! ^ 1; return c; }; }, 'chunk_hash_mismatch'],
    ['a truncated chunk', (f) => { f.tamper.chunk = (_s, b) => b.subarray(0, Math.floor(b.length / 2)); }, 'chunk_hash_mismatch'],
    ['a rollback to an older version', (f) => { f.tamper.updates = () => ({ head: f.head(f.versions[0]), mode: 'snapshot', manifests: [f.versions[0]!.snapshot] }); }, 'rollback'],
    ['an expired manifest', (f) => {
      f.tamper.updates = (_since, body) => {
        const m = body.manifests[0]!.manifest;
        return { ...body, manifests: [f.manifest({ ...m, issuedAt: '2026-01-01T00:00:00.000Z', expiresAt: '2026-01-02T00:00:00.000Z' })] };
      };
    }, 'expired'],
    ['a bad signature', (f) => {
      f.tamper.updates = (_since, body) => ({ ...body, manifests: body.manifests.map((sm) => ({ ...sm, manifest: { ...sm.manifest, entryCount: sm.manifest.entryCount + 1 } })) });
    }, 'bad_signature'],
    ['a manifest signed by a key that is not pinned', (f) => {
      const rogue = { keyId: 'city-2026', ...generateEd25519KeyPair() };
      f.tamper.updates = (_since, body) => ({ ...body, manifests: body.manifests.map((sm) => f.manifest(sm.manifest, rogue)) });
    }, 'bad_signature'],
    ['a signed delta whose result has the wrong digest', (f) => {
      f.tamper.updates = (_since, body) => ({ ...body, manifests: body.manifests.map((sm) => f.manifest({ ...sm.manifest, setDigest: '0'.repeat(64) })) });
    }, 'digest_mismatch'],
    ['a manifest with a set digest algorithm this kiosk does not know', (f) => {
      f.tamper.updates = (_since, body) => ({ ...body, manifests: body.manifests.map((sm) => f.manifest({ ...sm.manifest, digestAlg: 'sha256-sorted' })) });
    }, 'unsupported_digest'],
    ['a delta that skips a version', (f) => {
      f.tamper.updates = (_since, body) => ({ ...body, manifests: body.manifests.map((sm) => f.manifest({ ...sm.manifest, previousVersion: sm.manifest.previousVersion - 1 })) });
    }, 'chain_broken'],
  ];

  it.each(tamperCases)('refuses %s: the old list stays live and an alert is raised', async (_name, setup, code) => {
    const live = store.riskListMeta()!.version;
    const probe = feed.versions[live - 1]!.entries[7]!;
    // a new version is waiting on the server, so there is something to refuse
    feed.publish([...feed.versions[feed.versions.length - 1]!.entries.slice(1), ...randomEntries(5)], 1000);
    const before = rejectedAlerts();
    setup(feed);
    const r = await pullRiskList(ctx);
    expect(r).toMatchObject({ kind: 'rejected', code: expect.stringMatching(new RegExp(`^(${code}|store_refused)$`)) as unknown });
    expect(r.kind === 'rejected' && r.code).toBe(code);
    expectUnchanged(live, probe);
    expect(rejectedAlerts()).toBeGreaterThanOrEqual(before === 0 ? 1 : before);
    // and once the feed is honest again, the kiosk catches up
    feed.tamper = {};
    expect((await pullRiskList(ctx)).kind).toBe('applied');
  });
});
