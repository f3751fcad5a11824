// The venue policy as the kiosk enforces it: the server's policy object (untrusted shape, read with zod
// and defaults), then local overrides. Unknown keys are ignored so a newer server cannot break a kiosk.
import { z } from 'zod';
import { DEFAULT_GATE_POLICY } from '../../sync/protocol/decision';
import type { KioskPolicy } from './deps';

export const DEFAULT_POLICY: KioskPolicy = {
  ...DEFAULT_GATE_POLICY,
  challenge: 'blink',
  // On by default: the passive score is the only check that stops a screen replay of the visitor's own video
  // (the replay blinks and turns; measured in models, see README "Liveness").
  requirePassive: true,
  faceTimeoutSeconds: 20,
  resultSeconds: 5,
  minGoodFrames: 3,
};

const ServerPolicy = z.object({
  challenge: z.enum(['none', 'blink', 'turn']).optional(),
  requireFace: z.boolean().optional(),
  requireLiveness: z.boolean().optional(),
  requirePassive: z.boolean().optional(),
  faceTimeoutSeconds: z.number().min(5).max(120).optional(),
  resultSeconds: z.number().min(2).max(30).optional(),
  minGoodFrames: z.number().int().min(1).max(30).optional(),
  staleListWarnHours: z.number().positive().optional(),
  staleListHardHours: z.number().positive().optional(),
  staleListAction: z.enum(['REFER', 'ADMIT_WITH_FLAG']).optional(),
  closeContactAction: z.enum(['DENY', 'REFER']).optional(),
});

export function resolvePolicy(serverPolicy: Record<string, unknown> | null | undefined, overrides: Partial<KioskPolicy> = {}): KioskPolicy {
  const parsed = ServerPolicy.safeParse(serverPolicy ?? {});
  const fromServer = parsed.success ? Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined)) : {};
  return { ...DEFAULT_POLICY, ...fromServer, ...overrides };
}
