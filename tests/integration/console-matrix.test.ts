// Role × route matrix of the console API, generated from ONE table (MATRIX below): every console
// route × every role → allowed (2xx) or 403 console_forbidden, and 401 without an account, on both
// backends over real HTTP. The table is typed over the route table and checked against it at run
// time, so a new route cannot ship without its row, and a row cannot disagree with the route's `roles`.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresUrl } from '../helpers/postgres';
import { seedConsole } from '../helpers/console';
import type { ConsoleSeed } from '../helpers/console';
import { CONSOLE_ROUTES } from '../../sync/protocol/api/console';
import type { ConsoleRouteName } from '../../sync/protocol/api/console';
import { CONSOLE_ROLES } from '../../sync/protocol/console/roles';
import type { ConsoleRole } from '../../sync/protocol/console/roles';
import { sha256 } from '../../sync/server/console/accounts';
import { enrolmentCodeHash } from '../../sync/server/admin';
import { generateEd25519KeyPair, sha256Hex } from '../../sync/protocol/crypto';
import { DEFAULT_VENUE_POLICY } from '../../sync/protocol/venue-policy';
import { CLI_ACTOR } from '../../sync/server/console/audit';
import { sealJson } from '../../sync/server/sealing';
import { TracingCases } from '../../sync/server/console/cases';
import { systemClock } from '../../sync/protocol/clock';
import { startTestCityServer } from '../../sync/server/testing';
import type { Backend, TestCityServer } from '../../sync/server/testing';

const pg = postgresUrl();
const backends: Backend[] = pg ? ['sqlite', 'postgres'] : ['sqlite'];

interface Ctx { s: TestCityServer; seed: ConsoleSeed; n: () => number }
interface Call { method: 'GET' | 'POST'; path: string; body?: unknown }

const ADMIN: ConsoleRole[] = ['city-admin'];
const ADMIN_AUDITOR: ConsoleRole[] = ['city-admin', 'auditor'];
const EVERYONE: ConsoleRole[] = [...CONSOLE_ROLES];
const VENUE_EDITORS: ConsoleRole[] = ['city-admin', 'sector', 'venue-manager'];
const DEVICE_OPERATORS: ConsoleRole[] = ['city-admin', 'venue-manager'];
const CASE = { nik: '3271011508850001', purpose: 'Kasus positif PCR, penelusuran kontak', legalBasisCategory: 'health-quarantine-law', legalBasis: 'UU 6/2018 pasal 15' } as const;
/** A fresh case owned by the health account (the one role that may open cases). */
async function caseOf(c: Ctx): Promise<string> {
  const dinkes = (await c.s.store.getConsoleUserByName(c.seed.usernames.health))!;
  const p = { actor: { kind: 'user' as const, id: dinkes.id, name: dinkes.username, role: 'health' }, role: 'health' as const, agencyId: 'dinkes', venueIds: [], scope: { kind: 'all' as const }, session: null };
  return (await new TracingCases({ store: c.s.store, clock: systemClock, config: c.s.config, admin: c.s.admin }).open(CASE, p, null)).id;
}
/** A registration held for review (as /daftar/ leaves one), for the review queue's rows. */
async function heldReview(c: Ctx): Promise<string> {
  const id = randomUUID();
  const v = Float32Array.from({ length: 512 }, (_, i) => (i === c.n() % 512 ? 1 : 0));
  await c.s.store.addRegistrationReview({
    id, nikHash: randomBytes(32).toString('hex'), region: '3271', nameSealed: 'sealed', template: sealJson(c.s.keys.dataKey, { model: 'm', vector: Buffer.from(v.buffer).toString('base64') }),
    contactSealed: null, reason: 'duplicate_face', matchedRid: null, distance: 0.2, consentTextVersion: 'v', createdAt: Date.now(), resolvedAt: null, resolution: null,
  });
  return id;
}
/** A self-registration nobody has verified yet. */
async function unverifiedRegistration(c: Ctx): Promise<string> {
  const rid = `r_${randomBytes(8).toString('hex')}`;
  await c.s.store.upsertRegistration({ rid, nikHash: randomBytes(32).toString('hex'), region: '3271', nameSealed: 'sealed', templates: sealJson(c.s.keys.dataKey, []), revoked: false, source: 'self', updatedAt: Date.now(), verified: false });
  return rid;
}
/** A one-line risk list, different for each n (a valid Bogor NIK). */
const riskCsv = (n: number) => `nik,status,valid_until\n327101150885${String(n).padStart(4, '0')},SUSPECT,2030-01-31\n`;

/** The one table: who may call each route, and a valid request for it. */
const MATRIX: Record<ConsoleRouteName, { allowed: ConsoleRole[] | 'public'; call: (c: Ctx, role: ConsoleRole) => Promise<Call> | Call }> = {
  consoleLogin: { allowed: 'public', call: (c) => ({ method: 'POST', path: '/v1/console/login', body: { username: 'auditor', password: c.seed.password } }) },
  consoleLogout: { allowed: EVERYONE, call: () => ({ method: 'POST', path: '/v1/console/logout', body: {} }) },
  consoleMe: { allowed: EVERYONE, call: () => ({ method: 'GET', path: '/v1/console/me' }) },
  consoleTotpSetup: { allowed: ['city-admin', 'health'], call: () => ({ method: 'POST', path: '/v1/console/me/totp', body: {} }) },
  consoleUsers: { allowed: ADMIN_AUDITOR, call: () => ({ method: 'GET', path: '/v1/console/users' }) },
  consoleCreateUser: {
    allowed: ADMIN,
    call: (c) => ({ method: 'POST', path: '/v1/console/users', body: { username: `user${c.n()}`, displayName: 'Baru', role: 'auditor', agencyId: 'inspektorat', password: 'panjang sekali sandinya' } }),
  },
  consoleUpdateUser: { allowed: ADMIN, call: (c) => ({ method: 'POST', path: `/v1/console/users/${c.seed.userIds.disperindag}`, body: { displayName: `Disperindag ${c.n()}` } }) },
  consoleResetPassword: {
    allowed: ADMIN,
    call: async (c) => {
      const u = await c.s.accounts.createUser({ username: `reset${c.n()}`, displayName: 'R', role: 'auditor', agencyId: 'inspektorat' }, CLI_ACTOR);
      return { method: 'POST', path: `/v1/console/users/${u.user.id}/password`, body: {} };
    },
  },
  consoleAgencies: { allowed: ADMIN_AUDITOR, call: () => ({ method: 'GET', path: '/v1/console/agencies' }) },
  consoleCreateAgency: { allowed: ADMIN, call: (c) => ({ method: 'POST', path: '/v1/console/agencies', body: { id: `agency-${c.n()}`, name: 'Dinas Baru', categories: ['office'] } }) },
  consoleUpdateAgency: { allowed: ADMIN, call: () => ({ method: 'POST', path: '/v1/console/agencies/inspektorat', body: { name: 'Inspektorat Kota Bogor' } }) },
  consoleApiKeys: { allowed: ADMIN_AUDITOR, call: () => ({ method: 'GET', path: '/v1/console/api-keys' }) },
  consoleCreateApiKey: { allowed: ADMIN, call: (c) => ({ method: 'POST', path: '/v1/console/api-keys', body: { name: `key-${c.n()}`, role: 'auditor', agencyId: 'inspektorat' } }) },
  consoleRevokeApiKey: {
    allowed: ADMIN,
    call: async (c) => {
      const k = await c.s.accounts.createApiKey({ name: `revoke-${c.n()}`, role: 'auditor', agencyId: 'inspektorat' }, CLI_ACTOR, null);
      return { method: 'POST', path: `/v1/console/api-keys/${k.key.id}/revoke`, body: {} };
    },
  },
  consoleVenues: { allowed: EVERYONE, call: () => ({ method: 'GET', path: '/v1/console/venues' }) },
  consoleCreateVenue: { allowed: ADMIN, call: (c) => ({ method: 'POST', path: '/v1/console/venues', body: { name: `Warung ${c.n()}`, address: 'Bogor', capacity: 20, category: 'restaurant' } }) },
  consoleUpdateVenue: { allowed: ADMIN, call: (c) => ({ method: 'POST', path: `/v1/console/venues/${c.s.venueId}`, body: { capacity: 500 + c.n() } }) },
  consoleOverview: { allowed: EVERYONE, call: () => ({ method: 'GET', path: '/v1/console/overview' }) },
  consoleAlerts: { allowed: ['health'], call: () => ({ method: 'GET', path: '/v1/console/alerts' }) },
  consoleAlertStream: { allowed: ['health'], call: () => ({ method: 'GET', path: '/v1/console/alerts/stream' }) },
  consoleHandleAlert: {
    allowed: ['health'],
    call: async (c) => {
      const id = randomUUID();
      await c.s.store.ingestAlerts([{ id, deviceId: randomUUID(), visitId: randomUUID(), venueId: c.s.venueId, gateId: c.s.gateId, occurredAt: Date.now(), nikHash: 'a'.repeat(64), riskStatus: 'SUSPECT', riskListVersion: 1, receivedAt: Date.now(), bodyHash: 'b'.repeat(64) }]);
      return { method: 'POST', path: `/v1/console/alerts/${id}/handle`, body: { acknowledge: true, assignTo: 'dinkes' } };
    },
  },
  consoleAlertOfficers: { allowed: ['health'], call: () => ({ method: 'GET', path: '/v1/console/alerts/officers' }) },
  consoleAudit: { allowed: ADMIN_AUDITOR, call: () => ({ method: 'GET', path: '/v1/console/audit?limit=10' }) },
  // venues and kiosks (console-fleet.ts): each call names a venue inside the role's jurisdiction
  consoleVenuePolicy: { allowed: EVERYONE, call: (c, role) => ({ method: 'GET', path: `/v1/console/venues/${venueFor(c, role)}/policy` }) },
  consoleSetVenuePolicy: {
    allowed: VENUE_EDITORS,
    call: async (c, role) => {
      const venueId = venueFor(c, role);
      const baseVersion = (await c.s.store.latestVenuePolicy(venueId))?.version ?? 0;
      return { method: 'POST', path: `/v1/console/venues/${venueId}/policy`, body: { policy: { ...DEFAULT_VENUE_POLICY, capacityPercent: 50 + (c.n() % 50) }, baseVersion } };
    },
  },
  consoleVenueDevices: { allowed: EVERYONE, call: (c, role) => ({ method: 'GET', path: `/v1/console/venues/${venueFor(c, role)}/devices` }) },
  consoleCreateGate: { allowed: ADMIN, call: (c, role) => ({ method: 'POST', path: `/v1/console/venues/${venueFor(c, role)}/gates`, body: { name: `Pintu ${c.n()}` } }) },
  consoleIssueEnrolmentCode: {
    allowed: DEVICE_OPERATORS,
    call: async (c, role) => ({ method: 'POST', path: `/v1/console/gates/${(await c.s.admin.createGate({ venueId: venueFor(c, role), name: `Pintu ${c.n()}` })).id}/enrolment-code`, body: {} }),
  },
  consoleRevokeDevice: { allowed: DEVICE_OPERATORS, call: async (c, role) => ({ method: 'POST', path: `/v1/console/devices/${await deviceAt(c, venueFor(c, role))}/revoke`, body: {} }) },
  consoleDeviceHistory: { allowed: ['city-admin', 'sector', 'venue-manager', 'auditor'], call: async (c, role) => ({ method: 'GET', path: `/v1/console/devices/${await deviceAt(c, venueFor(c, role))}/history` }) },
  consoleVenueEntries: { allowed: EVERYONE, call: (c, role) => ({ method: 'GET', path: `/v1/console/venues/${venueFor(c, role)}/entries?date=2026-12-03` }) },
  consoleCases: { allowed: ['health', 'auditor'], call: () => ({ method: 'GET', path: '/v1/console/cases' }) },
  consoleOpenCase: { allowed: ['health'], call: () => ({ method: 'POST', path: '/v1/console/cases', body: CASE }) },
  // a case of the role's own account when it may open one (another's answers 404: only its owner sees it)
  consoleCase: { allowed: ['health'], call: async (c) => ({ method: 'GET', path: `/v1/console/cases/${await caseOf(c)}` }) },
  consoleCaseExport: { allowed: ['health'], call: async (c) => ({ method: 'GET', path: `/v1/console/cases/${await caseOf(c)}/export?format=csv` }) },
  consoleCloseCase: { allowed: ['health'], call: async (c) => ({ method: 'POST', path: `/v1/console/cases/${await caseOf(c)}/close`, body: {} }) },
  consoleRiskStatus: { allowed: ['health', 'city-admin', 'auditor'], call: () => ({ method: 'GET', path: '/v1/console/risk' }) },
  consoleRiskPreview: { allowed: ['health'], call: (c) => ({ method: 'POST', path: '/v1/console/risk/preview', body: { csv: riskCsv(c.n()) } }) },
  consoleRiskPublish: {
    allowed: ['health'],
    call: async (c) => {
      const csv = riskCsv(c.n());
      const baseVersion = (await c.s.store.latestRiskVersion(c.s.config.riskListId))?.version ?? 0;
      return { method: 'POST', path: '/v1/console/risk/publish', body: { csv, sha256: sha256Hex(csv), baseVersion } };
    },
  },
  // residents' registrations held for review or not yet verified (console-reviews.ts): Dinkes only
  consoleRegistrationReviews: { allowed: ['health'], call: () => ({ method: 'GET', path: '/v1/console/registrations/reviews' }) },
  consoleDecideRegistrationReview: {
    allowed: ['health'],
    call: async (c) => ({ method: 'POST', path: `/v1/console/registrations/reviews/${await heldReview(c)}/decision`, body: { decision: 'reject', reason: 'Bukan orang yang sama di KTP' } }),
  },
  consoleVerifyRegistration: {
    allowed: ['health'],
    call: async (c) => ({ method: 'POST', path: `/v1/console/registrations/${await unverifiedRegistration(c)}/verify`, body: { reason: 'KTP dilihat di loket' } }),
  },
};

/** A venue the role sees: the sector account (PPJ) covers markets, the venue manager its hotel. */
function venueFor(c: Ctx, role: ConsoleRole): string {
  return role === 'sector' ? c.seed.marketVenueIds[0]! : c.seed.managedVenueId;
}
/** A kiosk enrolled at a new gate of the venue (the store's own enrolment, no HTTP round trip). */
async function deviceAt(c: Ctx, venueId: string): Promise<string> {
  const gate = await c.s.admin.createGate({ venueId, name: `Pintu ${c.n()}` });
  const { code } = await c.s.admin.createEnrolmentCode(gate.id);
  const r = await c.s.store.consumeEnrolmentCode(enrolmentCodeHash(code), Date.now(), { id: randomUUID(), publicKey: generateEd25519KeyPair().publicKey, name: 'kios uji' });
  if (!r.ok) throw new Error(r.reason);
  return r.device.id;
}

describe('the role × route table', () => {
  it('has one row per console route, agreeing with the roles the route table declares', () => {
    expect(Object.keys(MATRIX).sort()).toEqual(Object.keys(CONSOLE_ROUTES).sort());
    for (const [name, spec] of Object.entries(CONSOLE_ROUTES)) {
      const row = MATRIX[name as ConsoleRouteName];
      if (row.allowed === 'public') expect('public' in spec && spec.public, name).toBe(true);
      else expect([...spec.roles].sort(), name).toEqual([...row.allowed].sort());
    }
  });
});

describe.each(backends)('role × route on %s', (backend) => {
  let s: TestCityServer;
  let seed: ConsoleSeed;
  let counter = 0;
  const ctx = (): Ctx => ({ s, seed, n: () => ++counter });
  beforeAll(async () => {
    s = await startTestCityServer(backend, { pgUrl: pg ?? undefined, config: { consoleScryptN: 1024 } });
    seed = await seedConsole(s);
  });
  afterAll(async () => s?.destroy());

  /** A fresh session for the role's account, written straight to the store (no password round trip per cell). */
  async function sessionFor(role: ConsoleRole): Promise<{ cookie: string; csrf: string }> {
    const user = (await s.store.getConsoleUserByName(seed.usernames[role]))!;
    const cookie = randomBytes(32).toString('base64url');
    const csrf = randomBytes(24).toString('base64url');
    const now = Date.now();
    await s.store.createSession({ idHash: sha256(cookie), userId: user.id, csrfToken: csrf, createdAt: now, lastSeenAt: now, expiresAt: now + 3600_000, address: null });
    return { cookie: `jejak_console=${cookie}`, csrf };
  }

  async function send(call: Call, session: { cookie: string; csrf: string } | null): Promise<{ status: number; code?: string }> {
    const headers: Record<string, string> = session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {};
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    const abort = new AbortController();
    const r = await fetch(`${s.url}${call.path}`, { method: call.method, headers, body: call.body === undefined ? undefined : JSON.stringify(call.body), signal: abort.signal });
    // an event stream stays open: its status and type are the answer
    if (r.headers.get('content-type')?.startsWith('text/event-stream')) {
      abort.abort();
      return { status: r.status };
    }
    const text = await r.text();
    let code: string | undefined;
    try {
      code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
    } catch {
      code = undefined;
    }
    return { status: r.status, code };
  }

  const cells = (Object.keys(MATRIX) as ConsoleRouteName[]).flatMap((route) => CONSOLE_ROLES.map((role) => ({ route, role })));

  it.each(cells)('$route as $role', async ({ route, role }) => {
    const row = MATRIX[route];
    const r = await send(await row.call(ctx(), role), await sessionFor(role));
    if (row.allowed === 'public' || row.allowed.includes(role)) {
      expect(r.status, `${route} as ${role}: ${r.code}`).toBeGreaterThanOrEqual(200);
      expect(r.status, `${route} as ${role}: ${r.code}`).toBeLessThan(300);
    } else {
      expect(r).toEqual({ status: 403, code: 'console_forbidden' });
    }
  });

  it.each(Object.keys(MATRIX) as ConsoleRouteName[])('%s without an account', async (route) => {
    const row = MATRIX[route];
    const r = await send(await row.call(ctx(), 'city-admin'), null);
    if (row.allowed === 'public') expect(r.status).toBe(200);
    else expect(r).toEqual({ status: 401, code: 'console_unauthenticated' });
  });
});
