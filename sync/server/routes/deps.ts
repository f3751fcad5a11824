// What the route handlers are built from (the city server's composition passes it to buildApp).
import type { Logger } from 'pino';
import type { CityAdmin } from '../admin';
import type { Clock } from '../../protocol/clock';
import type { ServerConfig } from '../config';
import type { CityKeys } from '../keys';
import type { ResidentsService } from '../residents/service';
import type { ServerStore } from '../store/types';
import type { VenuePolicies } from '../console/venue-policies';

export interface RouteDeps {
  store: ServerStore;
  keys: CityKeys;
  clock: Clock;
  config: ServerConfig;
  admin: CityAdmin;
  logger: Logger;
  /** residents' self-service: the duplicate index and the verification a guard's override gives */
  residents: ResidentsService;
  /** called after alerts were stored (the console's live feed looks at once instead of at its next poll) */
  onAlertsStored?: () => void;
}

/** The kiosk routes also hand out the venue's signed entry policy (enrolment, heartbeat). */
export type DeviceRouteDeps = RouteDeps & { policies: VenuePolicies };
