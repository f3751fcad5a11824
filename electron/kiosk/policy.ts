// The venue policy as the kiosk enforces it: the defaults, the server's policy object (untrusted shape,
// read with zod; unknown keys are ignored so a newer server cannot break a kiosk), then the city's
// signed venue policy the sync agent verified and applied (sync/agent/venue-policy.ts, schema checked
// again here), then local overrides. Every field, bound and default is the protocol's VenuePolicy.
import { z } from 'zod';
import { DEFAULT_VENUE_POLICY, VenuePolicy, VenuePolicyFields } from '../../sync/protocol/venue-policy';
import { appliedVenuePolicy } from '../../sync/agent/venue-policy';
import type { KioskPolicy } from './deps';

/** What the kiosk enforces until the city issues a policy: the city's baseline. */
export const DEFAULT_POLICY: Readonly<KioskPolicy> = DEFAULT_VENUE_POLICY;

/** The enrolment answer's loose policy object: any of the policy's fields, each within its bounds; other keys ignored. */
const ServerPolicy = z.object(VenuePolicyFields.shape).partial();

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
