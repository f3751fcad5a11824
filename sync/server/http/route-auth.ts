// The authentication hooks the route table's `auth` names (sync/server/routes/register.ts). Device: the
// RFC 9421 signature was checked in onRequest (pre-auth.ts); here the per-device rate limit and last-seen
// for the fleet list. Admin: the former single token, kept as the revocable console key `legacy-admin`.
// Console: session cookie (+ CSRF) or a named API key, and the route's roles.
import type { FastifyRequest } from 'fastify';
import type { RouteSpec } from '../../protocol/api/routes';
import type { Clock } from '../../protocol/clock';
import type { ServerConfig } from '../config';
import type { ConsoleAccounts } from '../console/accounts';
import { authorizeConsole } from '../console/http-auth';
import type { CityKeys } from '../keys';
import type { AuthHooks } from '../routes/register';
import type { ServerStore } from '../store/types';
import { authenticateDevice, checkAdminToken } from './device-auth';
import { ApiError } from './errors';
import { RateLimiter } from './rate-limit';

export interface AuthDeps {
  store: ServerStore;
  keys: CityKeys;
  clock: Clock;
  config: ServerConfig;
  accounts: ConsoleAccounts;
}

export function authHooks({ store, keys, clock, config, accounts }: AuthDeps): AuthHooks {
  const deviceLimiter = new RateLimiter(clock, config.rateLimitPerSecond, config.rateLimitBurst);
  const lastTouched = new Map<string, number>();
  return {
    async device(req: FastifyRequest) {
      req.device = await authenticateDevice(req, store, clock, config.signatureSkewSeconds);
      const wait = deviceLimiter.take(req.device.id);
      if (wait > 0) throw new ApiError(429, 'rate_limited', undefined, { 'retry-after': String(wait) });
      const now = clock.now().getTime();
      // last-seen is for the fleet list (minutes matter); one write per device per 30 s is plenty.
      if (now - (lastTouched.get(req.device.id) ?? 0) > 30_000) {
        lastTouched.set(req.device.id, now);
        void store.touchDevice(req.device.id, now).catch(() => undefined);
      }
    },
    async admin(req: FastifyRequest) {
      checkAdminToken(req, keys.adminToken);
      if (!(await accounts.legacyTokenValid(keys.adminToken))) throw new ApiError(401, 'admin_unauthorized');
    },
    async console(req: FastifyRequest, spec: RouteSpec) {
      await authorizeConsole(req, spec, accounts);
    },
  };
}
