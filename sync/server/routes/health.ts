// GET /v1/health and GET /v1/openapi.json: open to anyone, no personal data.
import type { HealthResponse } from '../../protocol/api/health';
import { openApiDocument } from '../openapi';
import { SERVER_VERSION } from '../version';
import type { RouteDeps } from './deps';
import type { Handlers } from './register';

export function healthRoutes({ store, config, clock }: RouteDeps): Pick<Handlers, 'health' | 'openapi'> {
  return {
    async health() {
      const ok = await store.ping();
      const latest = ok ? await store.latestRiskVersion(config.riskListId).catch(() => null) : null;
      const body: HealthResponse = { status: ok ? 'ok' : 'degraded', version: SERVER_VERSION, backend: store.backend, db: ok ? 'ok' : 'error', riskVersion: latest?.version ?? 0, serverTime: clock.now().toISOString() };
      return body;
    },
    async openapi({ reply }) {
      return reply.send(openApiDocument());
    },
  };
}
