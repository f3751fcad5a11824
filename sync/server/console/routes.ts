// Handlers of the /v1/console/* routes, one per entry of the console route table (a Pick of the mapped
// Handlers type over the whole /v1 table), registered with every other route by routes/register.ts:
// bodies, queries and params arrive validated by the table's schemas, after the session or API key and
// the route's roles were checked (route-auth.ts → console/http-auth.ts).
import type { ConsoleRouteName, OverviewResponse } from '../../protocol/api/console';
import type { ConsoleReviewRouteName } from '../../protocol/api/console-reviews';
import type { FleetDevice } from '../../protocol/api/heartbeat';
import { inScope } from '../../protocol/console/roles';
import type { CityAdmin } from '../admin';
import type { Clock } from '../../protocol/clock';
import type { ServerConfig } from '../config';
import { csvCell } from '../csv-cell';
import { ApiError } from '../http/errors';
import type { Handlers } from '../routes/register';
import { verifyAuditChain } from '../store/audit-chain';
import type { AgencyRow, ApiKeyRow, AuditEntryRow, ConsoleUserRow, ServerStore, VenueRow } from '../store/types';
import type { ConsoleAccounts } from './accounts';
import type { AlertFeed } from './alert-feed';
import { alertHandlers } from './alert-routes';
import { riskHandlers } from './risk-list';
import { caseHandlers } from './cases';
import { recordAudit } from './audit';
import { fleetConsoleHandlers } from './fleet-routes';
import { setSessionCookie } from './http-auth';
import type { VenuePolicies } from './venue-policies';
import { wibDayStart } from '../../protocol/wib-time';
import { iso, isoOrNull, addr } from './wire-values';

export interface ConsoleDeps {
  store: ServerStore;
  clock: Clock;
  config: ServerConfig;
  admin: CityAdmin;
  accounts: ConsoleAccounts;
  policies: VenuePolicies;
  feed: AlertFeed;
}


const userOut = (u: ConsoleUserRow) => ({
  id: u.id, username: u.username, displayName: u.displayName, role: u.role, agencyId: u.agencyId, venueIds: u.venueIds, totpEnabled: u.totpSealed !== null,
  disabled: u.disabledAt !== null, createdAt: iso(u.createdAt), updatedAt: iso(u.updatedAt),
});
const meOut = (u: ConsoleUserRow) => ({ id: u.id, username: u.username, displayName: u.displayName, role: u.role, agencyId: u.agencyId, venueIds: u.venueIds, totpEnabled: u.totpSealed !== null });
const agencyOut = (a: AgencyRow) => ({ id: a.id, name: a.name, categories: a.categories });
const keyOut = (k: ApiKeyRow) => ({
  id: k.id, name: k.name, role: k.role, agencyId: k.agencyId, venueIds: k.venueIds, legacy: k.legacy, createdAt: iso(k.createdAt), revokedAt: isoOrNull(k.revokedAt), lastUsedAt: isoOrNull(k.lastUsedAt),
});
const venueOut = (v: VenueRow) => ({ id: v.id, name: v.name, address: v.address, capacity: v.capacity, region: v.region, dwellMinutes: v.dwellMinutes, category: v.category, createdAt: iso(v.createdAt) });
const auditOut = (e: AuditEntryRow) => ({
  seq: e.seq, at: iso(e.at), actorKind: e.actorKind, actorId: e.actorId, actorName: e.actorName, actorRole: e.actorRole, action: e.action, target: e.target,
  purpose: e.purpose, address: e.address, details: e.details, hash: e.hash,
});

/**
 * The console's handlers, registered from the route table with the rest (routes/register.ts validates their input).
 * The registration review queue's are the residents service's (residents/review-routes.ts).
 */
export function consoleHandlers(deps: ConsoleDeps): Pick<Handlers, Exclude<ConsoleRouteName, ConsoleReviewRouteName>> {
  const { store, clock, config, admin, accounts } = deps;

  return {
    consoleLogin: async ({ req, reply, body }) => {
      const { user, cookie, session } = await accounts.login(body, addr(req));
      setSessionCookie(reply, cookie, config, config.consoleSessionHours * 3600);
      return { user: meOut(user), csrfToken: session.csrfToken, idleMinutes: config.consoleIdleMinutes };
    },
    consoleLogout: async ({ req, reply, principal: p }) => {
      await accounts.logout(p, addr(req));
      setSessionCookie(reply, '', config, 0);
      return { ok: true };
    },
    consoleMe: async ({ principal: p }) => {
      if (!p.session) {
        return { user: { id: p.actor.id!, username: p.actor.name!, displayName: p.actor.name!, role: p.role, agencyId: p.agencyId, venueIds: p.venueIds, totpEnabled: false }, csrfToken: '', idleMinutes: config.consoleIdleMinutes };
      }
      const u = (await store.getConsoleUser(p.actor.id!))!;
      return { user: meOut(u), csrfToken: p.session.csrfToken, idleMinutes: config.consoleIdleMinutes };
    },
    consoleTotpSetup: async ({ req, principal: p }) => {
      if (!p.session) throw new ApiError(403, 'console_forbidden');
      return accounts.setupTotp(p, addr(req));
    },
    consoleUsers: async () => ({ users: (await store.listConsoleUsers()).map(userOut) }),
    consoleCreateUser: async ({ req, reply, body, principal: p }) => {
      const r = await accounts.createUser(body, p.actor, addr(req));
      return reply.code(201).send({ user: userOut(r.user), generatedPassword: r.generatedPassword });
    },
    consoleUpdateUser: async ({ req, params: { id }, body, principal: p }) => {
      return userOut(await accounts.updateUser(id, body, p.actor, addr(req)));
    },
    consoleResetPassword: async ({ req, params: { id }, principal: p }) => {
      return { generatedPassword: await accounts.resetPassword(id, p.actor, addr(req)) };
    },
    consoleAgencies: async () => ({ agencies: (await store.listAgencies()).map(agencyOut) }),
    consoleCreateAgency: async ({ req, reply, body, principal: p }) => {
      if (await store.getAgency(body.id)) throw new ApiError(409, 'agency_exists', [{ path: 'id', message: body.id }]);
      const row: AgencyRow = { id: body.id, name: body.name, categories: [...new Set(body.categories)], createdAt: clock.now().getTime() };
      await store.createAgency(row);
      await recordAudit(deps, p.actor, 'agency.create', `agency:${row.id}`, { categories: row.categories }, { address: addr(req) });
      return reply.code(201).send(agencyOut(row));
    },
    consoleUpdateAgency: async ({ req, params: { id }, body, principal: p }) => {
      const row = await store.updateAgency(id, { name: body.name, categories: body.categories ? [...new Set(body.categories)] : undefined });
      if (!row) throw new ApiError(404, 'agency_unknown');
      await recordAudit(deps, p.actor, 'agency.update', `agency:${id}`, { fields: Object.keys(body), categories: row.categories }, { address: addr(req) });
      return agencyOut(row);
    },
    consoleApiKeys: async () => ({ keys: (await store.listApiKeys()).map(keyOut) }),
    consoleCreateApiKey: async ({ req, reply, body, principal: p }) => {
      const r = await accounts.createApiKey(body, p.actor, addr(req));
      return reply.code(201).send({ key: keyOut(r.key), token: r.token });
    },
    consoleRevokeApiKey: async ({ req, params: { id }, principal: p }) => {
      await accounts.revokeApiKey(id, p.actor, addr(req));
      return { ok: true };
    },
    consoleVenues: async ({ principal: p }) => ({ venues: (await store.listVenuesInScope(p.scope)).map(venueOut) }),
    consoleCreateVenue: async ({ req, reply, body, principal: p }) => {
      const v = await admin.createVenue(body);
      await recordAudit(deps, p.actor, 'venue.create', `venue:${v.id}`, { category: v.category, capacity: v.capacity }, { address: addr(req) });
      return reply.code(201).send(venueOut(v));
    },
    consoleUpdateVenue: async ({ req, params: { id }, body, principal: p }) => {
      const before = await store.getVenue(id);
      if (!before || !inScope(p.scope, before)) throw new ApiError(404, 'venue_unknown');
      const v = (await store.updateVenue(id, body))!;
      await recordAudit(deps, p.actor, 'venue.update', `venue:${id}`, { fields: Object.keys(body), category: v.category, capacity: v.capacity }, { address: addr(req) });
      return venueOut(v);
    },
    consoleOverview: async ({ principal: p }) => {
      const now = clock.now().getTime();
      const venues = await store.listVenuesInScope(p.scope);
      const activity = new Map((await store.venueActivity(venues.map((v) => v.id), wibDayStart(now), now)).map((a) => [a.venueId, a]));
      // only the kiosks of the caller's venues, grouped once (1,000 venues × 3,000 kiosks: no scan per venue)
      const byVenue = new Map<string, FleetDevice[]>();
      for (const d of await admin.fleet(venues)) {
        const list = byVenue.get(d.venueId);
        if (list) list.push(d);
        else byVenue.set(d.venueId, [d]);
      }
      const body: OverviewResponse = {
        venues: venues.map((v) => {
          const kiosks = (byVenue.get(v.id) ?? []).map((d) => ({
            deviceId: d.deviceId, name: d.name, gateId: d.gateId, status: d.status, lastSeenAt: d.lastSeenAt, lastSyncAt: d.heartbeat?.lastSyncAt ?? null,
            queueDepth: d.heartbeat?.queueDepth ?? null, riskListAgeSeconds: d.heartbeat?.riskListAgeSeconds ?? null, appVersion: d.heartbeat?.appVersion ?? null, problems: d.problems,
          }));
          const a = activity.get(v.id);
          return { ...venueOut(v), present: a?.present ?? 0, entriesToday: a?.entriesToday ?? 0, kiosks, noWorkingKiosk: !kiosks.some((k) => k.status === 'ok') };
        }),
        serverTime: iso(now),
      };
      return body;
    },
    ...alertHandlers(deps),
    ...riskHandlers(deps),
    ...caseHandlers(deps),
    consoleAudit: async ({ req, reply, query: q, principal: p }) => {
      const entries = await store.listAudit({ afterSeq: q.afterSeq, limit: q.limit ?? 500, from: q.from ? Date.parse(q.from) : undefined, to: q.to ? Date.parse(q.to) : undefined });
      const check = verifyAuditChain(await store.listAudit({ limit: Number.MAX_SAFE_INTEGER }));
      // Reading the log is itself logged (an auditor's export is an access like any other).
      await recordAudit(deps, p.actor, q.format === 'csv' ? 'audit.export' : 'audit.view', null, { count: entries.length }, { address: addr(req) });
      if (q.format === 'csv') {
        const header = ['seq', 'at', 'actor_kind', 'actor_id', 'actor_name', 'actor_role', 'action', 'target', 'purpose', 'address', 'details', 'hash'];
        const lines = [header.map(csvCell).join(','), ...entries.map((e) => [e.seq, iso(e.at), e.actorKind, e.actorId, e.actorName, e.actorRole, e.action, e.target, e.purpose, e.address, e.details, e.hash].map(csvCell).join(','))];
        return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="jejak-console-audit.csv"').send(`${lines.join('\r\n')}\r\n`);
      }
      return {
        entries: entries.map(auditOut),
        chain: check.ok ? { ok: true, count: check.count, head: check.count ? check.head : null, badSeq: null } : { ok: false, count: check.count, head: null, badSeq: check.badSeq },
      };
    },
    ...fleetConsoleHandlers(deps),
  };
}
