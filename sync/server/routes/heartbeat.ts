// POST /v1/heartbeat: a kiosk's health report (the fleet list reads it).
import type { DeviceRouteDeps } from './deps';
import type { Handlers } from './register';

export function heartbeatRoutes({ store, clock, config, policies }: DeviceRouteDeps): Pick<Handlers, 'heartbeat'> {
  return {
    async heartbeat({ body, device }) {
      const now = clock.now().getTime();
      await store.recordHeartbeat(device.id, body, now);
      await policies.noteKioskVersion(device, body);
      const latest = await store.latestRiskVersion(config.riskListId);
      return { serverTime: new Date(now).toISOString(), latestRiskVersion: latest?.version ?? 0, heartbeatSeconds: config.heartbeatSeconds, venuePolicy: await policies.current(device.venueId) };
    },
  };
}
