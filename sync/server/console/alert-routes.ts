// Dinkes' priority alerts in the console: the list with its handling, the live event stream (fed by the
// process's AlertFeed) and acknowledge/assign. No NIK hash leaves here; handling is audited.
import type { ConsoleAlert } from '../../protocol/api/console';
import type { Clock } from '../../protocol/clock';
import { ApiError } from '../http/errors';
import type { Handlers } from '../routes/register';
import type { AlertHandlingRow, AlertRow, ServerStore } from '../store/types';
import type { AlertFeed } from './alert-feed';
import { recordAudit } from './audit';
import { iso, isoOrNull, addr } from './wire-values';

export interface AlertRouteDeps {
  store: ServerStore;
  clock: Clock;
  feed: AlertFeed;
}


export function alertHandlers(deps: AlertRouteDeps): Pick<Handlers, 'consoleAlerts' | 'consoleAlertStream' | 'consoleHandleAlert'> {
  const { store, clock, feed } = deps;
  const venueNames = async () => new Map((await store.listVenues()).map((v) => [v.id, v.name]));
  // The feed hands the same batch to every open stream: its venue names are read once for all of them
  // (50 Dinkes consoles: one venue list per alert, not 50).
  const namesOfBatch = new WeakMap<readonly AlertRow[], Promise<Map<string, string>>>();
  const batchNames = (rows: readonly AlertRow[]) => {
    let names = namesOfBatch.get(rows);
    if (!names) namesOfBatch.set(rows, (names = venueNames()));
    return names;
  };
  const alertOut = (a: AlertRow, h: AlertHandlingRow | undefined, names: Map<string, string>): ConsoleAlert => ({
    id: a.id, venueId: a.venueId, venueName: names.get(a.venueId) ?? a.venueId, gateId: a.gateId, occurredAt: iso(a.occurredAt), receivedAt: iso(a.receivedAt),
    riskStatus: a.riskStatus, acknowledgedAt: isoOrNull(h?.acknowledgedAt ?? null), acknowledgedBy: h?.acknowledgedBy ?? null, assignedTo: h?.assignedTo ?? null,
  });

  return {
    consoleAlerts: async ({ query: q }) => {
      const rows = await store.listAlerts(q.since ? Date.parse(q.since) : clock.now().getTime() - 7 * 86_400_000, q.limit ?? 500);
      const handling = new Map((await store.alertHandling(rows.map((a) => a.id))).map((h) => [h.alertId, h]));
      const names = await venueNames();
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
      if (body.assignTo) {
        const who = await store.getConsoleUserByName(body.assignTo);
        if (!who || who.role !== 'health' || who.disabledAt !== null) throw new ApiError(400, 'assignee_not_health', [{ path: 'assignTo', message: body.assignTo }]);
      }
      const now = clock.now().getTime();
      const h = await store.setAlertHandling(alert.id, { ...(body.acknowledge ? { acknowledgedAt: now, acknowledgedBy: p.actor.name! } : {}), ...(body.assignTo ? { assignedTo: body.assignTo } : {}) }, now);
      await recordAudit(deps, p.actor, 'alert.handle', `alert:${alert.id}`, { acknowledge: !!body.acknowledge, assignTo: body.assignTo ?? null }, { address: addr(req) });
      return alertOut(alert, h, await venueNames());
    },
  };
}
