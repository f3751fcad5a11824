// The console's storage on both backends: venue categories and scopes, agencies, accounts, shared
// sessions, API keys, login throttling that concurrency cannot bypass, and the append-only audit chain.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresUrl } from '../helpers/postgres';
import { openTestStore } from '../helpers/server-store';
import type { TestStore } from '../helpers/server-store';
import type { Backend } from '../../sync/server/testing';
import type { ConsoleUserRow, ServerStore, VenueRow } from '../../sync/server/store/types';
import { verifyAuditChain } from '../../sync/server/store/audit-chain';
import type { ThrottlePolicy } from '../../sync/server/store/login-throttle';
import { DEFAULT_AGENCIES } from '../../sync/protocol/console/roles';
import type { PostgresStore } from '../../sync/server/store/postgres/postgres-store';
import { SqliteStore } from '../../sync/server/store/sqlite/sqlite-store';

const pg = postgresUrl();
const backends: Backend[] = pg ? ['sqlite', 'postgres'] : ['sqlite'];
const T0 = Date.UTC(2026, 10, 20, 3, 0, 0);

const venue = (id: string, category: VenueRow['category']): VenueRow => ({ id, name: id, address: 'Bogor', capacity: 100, region: '3271', dwellMinutes: 60, category, createdAt: T0 });
const user = (over: Partial<ConsoleUserRow>): ConsoleUserRow => ({
  id: 'u1', username: 'siti', displayName: 'Siti', passwordHash: 'scrypt$x', role: 'sector', agencyId: 'ppj', venueIds: [], totpSealed: null,
  disabledAt: null, createdAt: T0, updatedAt: T0, ...over,
});

async function rawExec(store: ServerStore, sql: string): Promise<void> {
  if (store instanceof SqliteStore) store.db.exec(sql);
  else await (store as PostgresStore).pool.query(sql);
}

describe.each(backends)('console store on %s', (backend) => {
  let t: TestStore;
  let store: ServerStore;
  beforeAll(async () => {
    t = await openTestStore(backend, pg);
    store = t.store;
    await store.ensureAgencies(DEFAULT_AGENCIES.map((a) => ({ ...a, categories: [...a.categories] })), T0);
    await store.createVenue(venue('pasar-bogor', 'market'));
    await store.createVenue(venue('botani', 'mall'));
    await store.createVenue(venue('hotel-salak', 'hotel'));
  });
  afterAll(async () => t?.destroy());

  it('gives venues a category and lists only the venues a scope covers', async () => {
    expect((await store.getVenue('botani'))!.category).toBe('mall');
    expect((await store.updateVenue('hotel-salak', { category: 'restaurant', capacity: 80 }))).toMatchObject({ category: 'restaurant', capacity: 80 });
    expect((await store.listVenuesInScope({ kind: 'categories', categories: ['market', 'restaurant'] })).map((v) => v.id)).toEqual(['hotel-salak', 'pasar-bogor']);
    expect((await store.listVenuesInScope({ kind: 'venues', venueIds: ['botani'] })).map((v) => v.id)).toEqual(['botani']);
    expect(await store.listVenuesInScope({ kind: 'venues', venueIds: [] })).toEqual([]);
    expect(await store.listVenuesInScope({ kind: 'all' })).toHaveLength(3);
    await expect(rawExec(store, "UPDATE venues SET category = 'casino' WHERE id = 'botani'")).rejects.toThrow();
  });

  it('adds missing default agencies and keeps what the city changed', async () => {
    await store.updateAgency('disperindag', { categories: ['mall'] });
    await store.ensureAgencies(DEFAULT_AGENCIES.map((a) => ({ ...a, categories: [...a.categories] })), T0 + 1);
    expect((await store.getAgency('disperindag'))!.categories).toEqual(['mall']);
    expect((await store.listAgencies()).map((a) => a.id)).toEqual(DEFAULT_AGENCIES.map((a) => a.id).sort());
  });

  it('stores accounts with their venues; usernames are unique', async () => {
    await store.createConsoleUser(user({ id: 'u-vm', username: 'manager', role: 'venue-manager', agencyId: null, venueIds: ['botani', 'pasar-bogor'] }));
    expect((await store.getConsoleUserByName('manager'))!.venueIds).toEqual(['botani', 'pasar-bogor']);
    const changed = await store.updateConsoleUser('u-vm', { venueIds: ['botani'], displayName: 'Pak Budi', updatedAt: T0 + 5 });
    expect(changed).toMatchObject({ venueIds: ['botani'], displayName: 'Pak Budi', updatedAt: T0 + 5 });
    await expect(store.createConsoleUser(user({ id: 'u-other', username: 'manager' }))).rejects.toThrow();
    expect(await store.updateConsoleUser('nobody', { updatedAt: T0 })).toBeNull();
    expect((await store.listConsoleUsers()).map((u) => u.username)).toEqual(['manager']);
  });

  it('keeps sessions in the database and purges idle and expired ones', async () => {
    await store.createConsoleUser(user({ id: 'u-s', username: 'sess' }));
    const s = { userId: 'u-s', csrfToken: 'c', createdAt: T0, lastSeenAt: T0, address: '127.0.0.1' };
    await store.createSession({ ...s, idHash: 'a'.repeat(64), expiresAt: T0 + 12 * 3600_000 });
    await store.createSession({ ...s, idHash: 'b'.repeat(64), expiresAt: T0 + 12 * 3600_000 });
    await store.createSession({ ...s, idHash: 'c'.repeat(64), expiresAt: T0 + 60_000 });
    await store.touchSession('a'.repeat(64), T0 + 20 * 60_000);
    expect((await store.getSession('a'.repeat(64)))!.lastSeenAt).toBe(T0 + 20 * 60_000);
    // 31 minutes on: b was idle for 31 min (> 30), c is past its end, a was seen 11 min ago
    expect(await store.purgeSessions(T0 + 31 * 60_000, 30 * 60_000)).toBe(2);
    expect(await store.getSession('b'.repeat(64))).toBeNull();
    expect(await store.deleteUserSessions('u-s')).toBe(1);
  });

  it('revokes an API key once', async () => {
    await store.createApiKey({ id: 'k1', name: 'dinkes-script', role: 'health', agencyId: 'dinkes', venueIds: [], secretHash: 'h', legacy: false, createdAt: T0, createdBy: 'u1', revokedAt: null, lastUsedAt: null });
    expect(await store.revokeApiKey('k1', T0 + 1)).toBe(true);
    expect(await store.revokeApiKey('k1', T0 + 2)).toBe(false);
    expect((await store.getApiKey('k1'))!.revokedAt).toBe(T0 + 1);
    expect((await store.listApiKeys()).map((k) => k.name)).toEqual(['dinkes-script']);
  });

  const policy: ThrottlePolicy = { maxFailures: 5, windowMs: 15 * 60_000, baseLockMs: 60_000, maxLockMs: 3600_000 };

  it('locks a login key after 5 failures, doubles the lock, and forgets after a success', async () => {
    const rule = { key: 'account:budi', policy };
    for (let i = 0; i < 5; i++) expect(await store.reserveLoginAttempt([rule], T0)).toEqual({ allowed: true });
    expect(await store.reserveLoginAttempt([rule], T0 + 1)).toEqual({ allowed: false, retryAt: T0 + 60_000 });
    expect(await store.reserveLoginAttempt([rule], T0 + 60_000)).toEqual({ allowed: true });
    expect(await store.reserveLoginAttempt([rule], T0 + 60_001)).toEqual({ allowed: false, retryAt: T0 + 60_000 + 120_000 });
    await store.settleLoginAttempt(rule, 'reset');
    expect(await store.reserveLoginAttempt([rule], T0 + 60_002)).toEqual({ allowed: true });
  });

  it('refuses an attempt when any of its keys is locked, and counts on none of them then', async () => {
    const account = { key: 'account:ani', policy };
    const address = { key: 'address:10.0.0.9', policy: { ...policy, maxFailures: 2 } };
    expect(await store.reserveLoginAttempt([account, address], T0)).toEqual({ allowed: true });
    expect(await store.reserveLoginAttempt([account, address], T0)).toEqual({ allowed: true });
    expect((await store.reserveLoginAttempt([account, address], T0)).allowed).toBe(false);
    // the account still has 2 failures: 3 more are allowed from another address before it locks
    for (let i = 0; i < 3; i++) expect((await store.reserveLoginAttempt([account], T0)).allowed).toBe(true);
    expect((await store.reserveLoginAttempt([account], T0)).allowed).toBe(false);
  });

  it('lets exactly maxFailures of many concurrent attempts through (reserved before checking)', async () => {
    const rule = { key: 'account:concurrent', policy };
    const results = await Promise.all(Array.from({ length: 12 }, () => store.reserveLoginAttempt([rule], T0)));
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
  });

  it('appends a hash chain that verifies, and refuses to change or delete an entry', async () => {
    const base = { actorKind: 'user' as const, actorId: 'u1', actorName: 'admin', actorRole: 'city-admin', target: 'venue:botani', purpose: null, address: '127.0.0.1' };
    const appended = await Promise.all(Array.from({ length: 8 }, (_, i) => store.appendAudit({ ...base, at: T0 + i, action: 'venue.update', details: { fields: ['capacity'], n: i } })));
    expect(appended.map((e) => e.seq).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const rows = await store.listAudit({ limit: 100 });
    expect(verifyAuditChain(rows)).toMatchObject({ ok: true, count: 8, head: rows.at(-1)!.hash });
    const tampered = rows.map((r) => (r.seq === 4 ? { ...r, details: { fields: ['name'], n: 3 } } : r));
    expect(verifyAuditChain(tampered)).toEqual({ ok: false, count: 8, badSeq: 4 });
    expect(verifyAuditChain(rows.filter((r) => r.seq !== 5))).toMatchObject({ ok: false, badSeq: 6 });
    await expect(rawExec(store, "UPDATE console_audit SET action = 'x' WHERE seq = 1")).rejects.toThrow(/append-only/);
    await expect(rawExec(store, 'DELETE FROM console_audit WHERE seq = 8')).rejects.toThrow(/append-only/);
    expect((await store.listAudit({ afterSeq: 6, limit: 10 })).map((r) => r.seq)).toEqual([7, 8]);
    expect((await store.listAudit({ from: T0 + 2, to: T0 + 3, limit: 10 })).map((r) => r.at).sort()).toEqual([T0 + 2, T0 + 3]);
  });
});

describe('console migration on SQLite (002)', () => {
  it('gives venues that existed before it the category other', async () => {
    const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jejak-mig-'));
    const store = new SqliteStore(path.join(dir, 'city.db'));
    store.db.exec(readFileSync(new URL('../../sync/server/store/sqlite/migrations/001_init.sql', import.meta.url), 'utf8'));
    store.db.pragma('user_version = 1');
    store.db.prepare("INSERT INTO venues (id, name, address, capacity, region, dwell_minutes, created_at) VALUES ('old', 'Old', 'x', 5, '3271', 60, 1)").run();
    await store.migrate();
    expect((await store.getVenue('old'))!.category).toBe('other');
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
