import { z } from 'zod';
import { IsoDateTime } from './common';

export const HealthResponse = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  backend: z.enum(['sqlite', 'postgres']),
  db: z.enum(['ok', 'error']),
  riskVersion: z.number().int().nonnegative(),
  serverTime: IsoDateTime,
});
export type HealthResponse = z.infer<typeof HealthResponse>;
