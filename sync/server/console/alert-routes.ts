// Dinkes' priority alerts in the console: the list with its handling, the live event stream (fed by the
// process's AlertFeed), acknowledge/assign to an officer of the caller's own agency, and the list of those
// officers. No NIK hash leaves here; handling is audited.
import type { ConsoleAlert } from '../../protocol/api/console';
import type { Clock } from '../../protocol/clock';
import { ApiError } from '../http/errors';
import type { Handlers } from '../routes/register';
import type { AlertHandlingRow, AlertRow, ConsoleUserRow, ServerStore } from '../store/types';
import type { AlertFeed } from './alert-feed';
import { recordAudit } from './audit';
import { iso, isoOrNull, addr } from './wire-values';

export interface AlertRouteDeps {
  store: ServerStore;
  clock: Clock;
  feed: AlertFeed;
}


/** What an alert row needs besides itself, read once for a whole batch (never once per alert or per console). */
interface Names {
  venues: Map<string, string>;
  gates: Map<string, string>;
  /** username → display name of the officers the batch is assigned to */
  officers: Map<string, string>;
}

export function alertHandlers(deps: AlertRouteDeps): Pick<Handlers, 'consoleAlerts' | 'consoleAlertStream' | 'consoleHandleAlert' | 'consoleAlertOfficers'> {
  const { store, clock, feed } = deps;
  const namesOf = async (rows: readonly AlertRow[], handling: readonly AlertHandlingRow[] = []): Promise<Names> => {
    const assignees = new Set(handling.map((h) => h.assignedTo).filter((u): u is string => u !== null));
    const [venues, gates, users] = await Promise.all([
      store.listVenues(),
      store.getGates([...new Set(rows.map((a) => a.gateId))]),
      assignees.size ? store.listConsoleUsers() : Promise.resolve([]),
    ]);
    return {
      venues: new Map(venues.map((v) => [v.id, v.name])),
      gates: new Map(gates.map((g) => [g.id, g.name])),
      officers: new Map(users.filter((u) => assignees.has(u.username)).map((u) => [u.username, u.displayName])),
    };
  };
  // The feed hands the same batch to every open stream: its names are read once for all of them
  // (50 Dinkes consoles: one read per batch, not 50).
  const namesOfBatch = new WeakMap<readonly AlertRow[], Promise<Names>>();
  const batchNames = (rows: readonly AlertRow[]) => {
    let names = namesOfBatch.get(rows);
    if (!names) namesOfBatch.set(rows, (names = namesOf(rows)));
    return names;
  };
  const alertOut = (a: AlertRow, h: AlertHandlingRow | undefined, names: Names): ConsoleAlert => ({
    id: a.id, venueId: a.venueId, venueName: names.venues.get(a.venueId) ?? a.venueId, gateId: a.gateId, gateName: names.gates.get(a.gateId) ?? a.gateId,
    occurredAt: iso(a.occurredAt), receivedAt: iso(a.receivedAt), riskStatus: a.riskStatus,
    acknowledgedAt: isoOrNull(h?.acknowledgedAt ?? null), acknowledgedBy: h?.acknowledgedBy ?? null,
    assignedTo: h?.assignedTo ?? null, assignedToName: h?.assignedTo ? (names.officers.get(h.assignedTo) ?? h.assignedTo) : null,
  });
  /** The accounts an alert may go to: active health officers of the caller's own agency. */
  const officersOf = async (agencyId: string | null): Promise<ConsoleUserRow[]> =>
    agencyId === null ? [] : (await store.listConsoleUsers()).filter((u) => u.role === 'health' && u.disabledAt === null && u.agencyId === agencyId);

  return {
    consoleAlerts: async ({ query: q }) => {
      const rows = await store.listAlerts(q.since ? Date.parse(q.since) : clock.now().getTime() - 7 * 86_400_000, q.limit ?? 500);
      const handlingRows = await store.alertHandling(rows.map((a) => a.id));
      const handling = new Map(handlingRows.map((h) => [h.alertId, h]));
      const names = await namesOf(rows, handlingRows);
      return { alerts: rows.map((a) => alertOut(a, handling.get(a.id), names)).reverse(), serverTime: clock.now().toISOString() };
    },
    consoleAlertStream: async ({ req, reply }) => {
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      raw.write('retry: 2000\n: jejak alerts\n\n');
      const unsubscribe = feed.subscribe((rows) => {
        void batchNames(rows).then((names) => {
          for (const a of rows) raw.write(`event: alert\nid: ${a.id}\ndata: ${JSON.stringify(alertOut(a, undefined, names))}\n\n`);
        });
      }, () => raw.end());
      // a comment now and then keeps proxies from closing a quiet stream
      const ping = setInterval(() => raw.write(': ping\n\n'), 20_000);
      req.raw.on('close', () => {
        clearInterval(ping);
        unsubscribe();
      });
      return reply;
    },
    consoleHandleAlert: async ({ req, params: { id }, body, principal: p }) => {
      const alert = await store.getAlert(id.toLowerCase());
      if (!alert) throw new ApiError(404, 'alert_unknown');
      // Checked before anything is written: a refused assignee leaves the alert (and an acknowledge sent
      // with it) as it was. Unknown, disabled, non-health and another agency's accounts get one answer.
      if (body.assignTo && !(await officersOf(p.agencyId)).some((u) => u.username === body.assignTo)) {
        throw new ApiError(400, 'assignee_not_officer', [{ path: 'assignTo', message: body.assignTo }]);
      }
      const now = clock.now().getTime();
      const h = await store.setAlertHandling(alert.id, { ...(body.acknowledge ? { acknowledgedAt: now, acknowledgedBy: p.actor.name! } : {}), ...(body.assignTo ? { assignedTo: body.assignTo } : {}) }, now);
      await recordAudit(deps, p.actor, 'alert.handle', `alert:${alert.id}`, { acknowledge: !!body.acknowledge, assignTo: body.assignTo ?? null }, { address: addr(req) });
      return alertOut(alert, h, await namesOf([alert], [h]));
    },
    consoleAlertOfficers: async ({ principal: p }) => ({
      officers: (await officersOf(p.agencyId)).map((u) => ({ id: u.id, username: u.username, displayName: u.displayName })),
    }),
  };
}
