// The /v1 handlers of kiosks, health and the admin token, one module per route group (the console's are
// in console/routes.ts); buildApp registers them all from the route table.
import type { DeviceRouteDeps } from './deps';
import type { ConsoleRouteName } from '../../protocol/api/console';
import type { ResidentRouteName } from '../../protocol/api/residents';
import type { Handlers } from './register';
import { adminRoutes } from './admin';
import { alertRoutes } from './alerts';
import { enrolRoutes } from './enrol';
import { healthRoutes } from './health';
import { heartbeatRoutes } from './heartbeat';
import { registrationRoutes } from './registrations';
import { riskRoutes } from './risk';
import { visitRoutes } from './visits';

export function deviceAndAdminHandlers(deps: DeviceRouteDeps): Omit<Handlers, ConsoleRouteName | ResidentRouteName> {
  return {
    ...healthRoutes(deps),
    ...enrolRoutes(deps),
    ...riskRoutes(deps),
    ...registrationRoutes(deps),
    ...visitRoutes(deps),
    ...alertRoutes(deps),
    ...heartbeatRoutes(deps),
    ...adminRoutes(deps),
  };
}
