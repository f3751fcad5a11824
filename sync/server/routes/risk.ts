// GET /v1/risk/updates (signed head + manifests) and GET /v1/risk/chunks/:sha256 (immutable chunk bytes).
import { ApiError } from '../http/errors';
import { riskUpdates } from '../risk/serve';
import type { RouteDeps } from './deps';
import type { Handlers } from './register';

export function riskRoutes({ store, keys, clock, config }: RouteDeps): Pick<Handlers, 'riskUpdates' | 'riskChunk'> {
  return {
    async riskUpdates({ query }) {
      return riskUpdates(store, keys, clock, config, query.since);
    },
    async riskChunk({ params, reply }) {
      const bytes = await store.getRiskChunk(params.sha256);
      if (!bytes) throw new ApiError(404, 'risk_chunk_not_found');
      // named by its hash: it never changes, caches may keep it
      void reply.header('cache-control', 'public, max-age=31536000, immutable');
      return bytes;
    },
  };
}
