// The kiosk's side of the venue policy: the city's signed policy comes with the enrolment answer and
// every heartbeat. It is applied only after the schema, a pinned city key, the signature, this venue
// and its version all check out; anything else raises a staff alert (bilingual, on the diagnostics
// screen) and the last good policy stays in force. Applied means written to the enrolment row, which
// the gate reads at the next visitor.
import { verifyVenuePolicy } from '../protocol/venue-policy';
import type { SignedVenuePolicy } from '../protocol/venue-policy';
import type { DeviceConfig, SyncStorePort } from './ports';

/** Where the applied policy lives inside the enrolment row's policy object. */
export const VENUE_POLICY_KEY = 'venuePolicy';

export type PolicyApplyResult = 'applied' | 'unchanged' | 'rejected';

/** The signed policy in force (as the agent applied it), null while the defaults apply. */
export function appliedVenuePolicy(policy: Record<string, unknown>): SignedVenuePolicy | null {
  return (policy[VENUE_POLICY_KEY] as SignedVenuePolicy | undefined) ?? null;
}

export function appliedPolicyVersion(policy: Record<string, unknown>): number {
  return appliedVenuePolicy(policy)?.document.version ?? 0;
}

/**
 * Checks the server's policy (`undefined`/`null`: none issued, nothing to do) and applies it.
 * Returns what happened; never throws for a bad policy.
 */
export function applyVenuePolicy(store: Pick<SyncStorePort, 'updateDeviceSettings' | 'raiseAlert' | 'resolveAlert'>, cfg: DeviceConfig, value: unknown): PolicyApplyResult {
  if (value === undefined || value === null) return 'unchanged';
  const current = appliedVenuePolicy(cfg.policy);
  const check = verifyVenuePolicy(value, cfg.cityPublicKeys, cfg.venueId, current?.document.version ?? 0);
  if (!check.ok) {
    store.raiseAlert({ code: 'POLICY_REJECTED', severity: 'warning', message: check.message, detail: { reason: check.code, detail: check.detail } });
    return 'rejected';
  }
  store.resolveAlert('POLICY_REJECTED');
  if (current && current.document.version === check.signed.document.version && current.signature === check.signed.signature) return 'unchanged';
  store.updateDeviceSettings({ policy: { ...cfg.policy, [VENUE_POLICY_KEY]: check.signed } });
  return 'applied';
}
