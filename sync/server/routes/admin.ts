// Dinkes' admin API (bearer token): alerts, the fleet, and contact tracing (JSON or CSV).
import { traceToCsv } from '../admin';
import type { RouteDeps } from './deps';
import type { Handlers } from './register';

export function adminRoutes({ admin, clock }: RouteDeps): Pick<Handlers, 'adminAlerts' | 'adminFleet' | 'adminTrace'> {
  return {
    async adminAlerts({ query }) {
      return { alerts: await admin.alerts(query.since ? Date.parse(query.since) : 0, query.limit ?? 1000), serverTime: clock.now().toISOString() };
    },
    async adminFleet() {
      return { devices: await admin.fleet(), serverTime: clock.now().toISOString() };
    },
    async adminTrace({ query: q, reply }) {
      const result = await admin.trace({
        nik: q.nik, from: q.from ? Date.parse(q.from) : undefined, to: q.to ? Date.parse(q.to) : undefined, marginMinutes: q.marginMinutes, dwellMinutes: q.dwellMinutes,
      });
      if (q.format === 'csv') return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="trace.csv"').send(traceToCsv(result));
      return result;
    },
  };
}
