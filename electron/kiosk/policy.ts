// The venue policy as the kiosk enforces it: the defaults, the server's policy object (untrusted shape,
// read with zod; unknown keys are ignored so a newer server cannot break a kiosk), then the city's
// signed venue policy the sync agent verified and applied (sync/agent/venue-policy.ts, schema checked
// again here), then local overrides.
import { z } from 'zod';
import { DEFAULT_GATE_POLICY } from '../../sync/protocol/decision';
import { VenuePolicy } from '../../sync/protocol/venue-policy';
import { appliedVenuePolicy } from '../../sync/agent/venue-policy';
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
  capacityPercent: 100,
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
  const city = venuePolicyInForce(serverPolicy);
  return { ...DEFAULT_POLICY, ...fromServer, ...(city?.policy ?? {}), ...overrides };
}

/** The city's signed policy the agent applied (version, issue time, values), null while the defaults apply. */
export function venuePolicyInForce(serverPolicy: Record<string, unknown> | null | undefined): { version: number; issuedAt: string; policy: VenuePolicy } | null {
  const signed = serverPolicy ? appliedVenuePolicy(serverPolicy) : null;
  const values = VenuePolicy.safeParse(signed?.document?.policy);
  if (!signed || !values.success) return null;
  return { version: signed.document.version, issuedAt: signed.document.issuedAt, policy: values.data };
}
