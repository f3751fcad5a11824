// Handlers of the venues-and-kiosks console routes (api/console-fleet.ts). Each one resolves the venue
// (or the device's or gate's venue) inside the caller's jurisdiction first: outside it the answer is
// the same 404 as for a venue that does not exist, so nobody learns what lies beyond their scope.
// Every change is in the audit log; counts and devices only, never a person.
import type { DeviceHealth, FleetConsoleRouteName, VenueDevices, VenueEntries, VenuePolicyView } from '../../protocol/api/console-fleet';
import type { FleetDevice } from '../../protocol/api/heartbeat';
import { inScope } from '../../protocol/console/roles';
import { DEFAULT_VENUE_POLICY } from '../../protocol/venue-policy';
import { policyValueWords } from '../../protocol/venue-policy-labels';
import { ApiError } from '../http/errors';
import type { Handlers } from '../routes/register';
import type { GateRow, VenueRow } from '../store/types';
import type { Principal } from './accounts';
import { recordAudit } from './audit';
import type { ConsoleDeps } from './routes';
import { limitedFieldsFor } from './venue-policies';
import type { VenuePolicies } from './venue-policies';
import { WIB_OFFSET_MS, wibIsoDate } from '../../protocol/wib-time';
import { iso, addr } from './wire-values';

const DAY_MS = 86_400_000;

function healthOf(d: FleetDevice, gates: ReadonlyMap<string, GateRow>): DeviceHealth {
  const hb = d.heartbeat;
  return {
    deviceId: d.deviceId, name: d.name, gateId: d.gateId, gateName: gates.get(d.gateId)?.name ?? null, status: d.status,
    enrolledAt: d.enrolledAt, revokedAt: d.revokedAt, lastSeenAt: d.lastSeenAt, lastHeartbeatAt: hb?.deviceTime ?? null, lastSyncAt: hb?.lastSyncAt ?? null,
    queueDepth: hb?.queueDepth ?? null, deadLetterCount: hb?.deadLetterCount ?? null, riskListVersion: hb?.riskListVersion ?? null,
    riskListAgeSeconds: hb?.riskListAgeSeconds ?? null, policyVersion: hb ? (hb.policyVersion ?? null) : null, appVersion: hb?.appVersion ?? null, problems: d.problems,
  };
}

export function fleetConsoleHandlers(deps: ConsoleDeps & { policies: VenuePolicies }): Pick<Handlers, FleetConsoleRouteName> {
  const { store, clock, config, admin, policies } = deps;

  const venueInScope = async (p: Principal, id: string): Promise<VenueRow> => {
    const v = await store.getVenue(id);
    if (!v || !inScope(p.scope, v)) throw new ApiError(404, 'venue_unknown');
    return v;
  };
  const deviceInScope = async (p: Principal, id: string) => {
    const d = await store.getDevice(id);
    const v = d ? await store.getVenue(d.venueId) : null;
    if (!d || !v || !inScope(p.scope, v)) throw new ApiError(404, 'device_unknown');
    return { device: d, venue: v };
  };
  // the venue's kiosks only: never the whole city's fleet for one venue's page
  const venueDevices = async (venue: VenueRow) => admin.fleet([venue]);
  const gatesOf = async (venueId: string) => new Map((await store.listGates(venueId)).map((g) => [g.id, g]));

  const policyView = async (p: Principal, venue: VenueRow): Promise<VenuePolicyView> => {
    const venueId = venue.id;
    const history = await store.listVenuePolicies(venueId, 20);
    const latest = history[0];
    const kiosks = (await venueDevices(venue)).filter((d) => d.revokedAt === null);
    return {
      venueId,
      policy: latest ? latest.signed.document.policy : { ...DEFAULT_VENUE_POLICY },
      version: latest?.version ?? 0,
      issuedAt: latest ? iso(latest.issuedAt) : null,
      baseline: { ...DEFAULT_VENUE_POLICY },
      limitedFields: limitedFieldsFor(p.role),
      canEdit: (['city-admin', 'sector', 'venue-manager'] as const).some((r) => r === p.role),
      kiosks: kiosks.map((d) => ({ deviceId: d.deviceId, name: d.name, policyVersion: d.heartbeat ? (d.heartbeat.policyVersion ?? null) : null })),
      history: history.map((h) => ({ version: h.version, issuedAt: iso(h.issuedAt), issuedBy: h.createdBy })),
    };
  };

  return {
    consoleVenuePolicy: async ({ params: { id }, principal: p }) => {
      return policyView(p, await venueInScope(p, id));
    },
    consoleSetVenuePolicy: async ({ req, params: { id }, body, principal: p }) => {
      const venue = await venueInScope(p, id);
      const r = await policies.issue(id, body.policy, body.baseVersion, { role: p.role, name: p.actor.name });
      if (!r.ok && r.reason === 'outside_limits') {
        // the baseline's value in words: an age limit or the opening hours are not a bare value
        throw new ApiError(400, 'policy_outside_limits', r.fields.map((f) => ({ path: `policy.${f}`, message: `may not be laxer than the city baseline (${policyValueWords(f, DEFAULT_VENUE_POLICY[f]).en})` })));
      }
      if (!r.ok) throw new ApiError(409, 'policy_version_conflict', [{ path: 'baseVersion', message: `the latest version is ${r.reason === 'version_conflict' ? r.latest : '?'}` }]);
      await recordAudit(deps, p.actor, 'venue.policy.issue', `venue:${id}`, { version: r.row.version, policy: body.policy }, { address: addr(req) });
      return policyView(p, venue);
    },
    consoleVenueDevices: async ({ params: { id }, principal: p }) => {
      const v = await venueInScope(p, id);
      const gates = await gatesOf(id);
      const body: VenueDevices = {
        venue: { id: v.id, name: v.name, address: v.address },
        gates: [...gates.values()].map((g) => ({ id: g.id, name: g.name, direction: g.direction })),
        devices: (await venueDevices(v)).map((d) => healthOf(d, gates)),
        latestRiskVersion: (await store.latestRiskVersion(config.riskListId))?.version ?? 0,
        policyVersion: (await store.latestVenuePolicy(id))?.version ?? 0,
        canOperate: p.role === 'city-admin' || p.role === 'venue-manager',
        serverTime: clock.now().toISOString(),
      };
      return body;
    },
    consoleCreateGate: async ({ req, params: { id }, body, principal: p }) => {
      await venueInScope(p, id);
      const g = await admin.createGate({ venueId: id, name: body.name, direction: body.direction });
      await recordAudit(deps, p.actor, 'gate.create', `gate:${g.id}`, { venueId: id, direction: g.direction }, { address: addr(req) });
      return g;
    },
    consoleIssueEnrolmentCode: async ({ req, params: { id }, principal: p }) => {
      const gate = await store.getGate(id);
      const venue = gate ? await store.getVenue(gate.venueId) : null;
      if (!gate || !venue || !inScope(p.scope, venue)) throw new ApiError(404, 'gate_unknown');
      const c = await admin.createEnrolmentCode(gate.id);
      // the code itself never goes into the log (it is a credential until used)
      await recordAudit(deps, p.actor, 'enrolment_code.issue', `gate:${gate.id}`, { venueId: venue.id, expiresAt: iso(c.expiresAt) }, { address: addr(req) });
      return {
        code: c.code, expiresAt: iso(c.expiresAt), venue: { id: venue.id, name: venue.name, address: venue.address }, gate: { id: gate.id, name: gate.name, direction: gate.direction },
      };
    },
    consoleRevokeDevice: async ({ req, params: { id }, principal: p }) => {
      const { device } = await deviceInScope(p, id);
      if (device.revokedAt === null) {
        await store.revokeDevice(id, clock.now().getTime());
        await recordAudit(deps, p.actor, 'device.revoke', `device:${id}`, { venueId: device.venueId, gateId: device.gateId }, { address: addr(req) });
      }
      return { ok: true as const };
    },
    consoleDeviceHistory: async ({ params: { id }, principal: p }) => {
      const { venue } = await deviceInScope(p, id);
      const d = (await venueDevices(venue)).find((x) => x.deviceId === id)!;
      const events = await store.listAuditByTarget(`device:${id}`, 200);
      return {
        device: healthOf(d, await gatesOf(venue.id)), venueId: venue.id,
        events: events.map((e) => ({ seq: e.seq, at: iso(e.at), action: e.action, actorName: e.actorName, actorRole: e.actorRole, details: e.details })),
      };
    },
    consoleVenueEntries: async ({ params: { id }, query: q, principal: p }) => {
      await venueInScope(p, id);
      const date = q.date ?? wibIsoDate(clock.now().getTime());
      const from = Date.parse(`${date}T00:00:00Z`) - WIB_OFFSET_MS;
      const rows = new Map((await store.venueEntriesByHour(id, from, from + DAY_MS)).map((r) => [Math.round((r.hourStart - from) / 3600_000), r]));
      const body: VenueEntries = {
        venueId: id, date,
        hours: Array.from({ length: 24 }, (_, hour) => {
          const r = rows.get(hour);
          return { hour, admitted: r?.admitted ?? 0, denied: r?.denied ?? 0, referred: r?.referred ?? 0 };
        }),
      };
      return body;
    },
  };
}
