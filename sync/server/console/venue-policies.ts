// Venue entry policies on the server: issuing a new version (within the limits for the caller's role,
// signed with the city's active key) and reading the one in force, which enrolment and every heartbeat
// hand to the venue's kiosks.
import type { ConsoleRole } from '../../protocol/console/roles';
import { DEFAULT_VENUE_POLICY, laxerThanCityAllows, signVenuePolicy } from '../../protocol/venue-policy';
import type { PolicyField, SignedVenuePolicy, VenuePolicy } from '../../protocol/venue-policy';
import type { Clock } from '../../protocol/clock';
import type { CityKeys } from '../keys';
import type { Heartbeat } from '../../protocol/api/heartbeat';
import type { DeviceRow, ServerStore, VenuePolicyRow } from '../store/types';
import { SYSTEM_ACTOR, recordAudit } from './audit';

/** Roles that set any value the schema allows (the city itself); everyone else only within the baseline. */
const UNLIMITED_ROLES: readonly ConsoleRole[] = ['city-admin'];

export function limitedFieldsFor(role: ConsoleRole): PolicyField[] {
  if (UNLIMITED_ROLES.includes(role)) return [];
  // every field a venue may not loosen: those the baseline check looks at
  const laxest: VenuePolicy = {
    ...DEFAULT_VENUE_POLICY, requireFace: false, requireLiveness: false, requirePassive: false, staleListAction: 'ADMIT_WITH_FLAG', closeContactAction: 'REFER',
    staleListHardHours: 336, staleListWarnHours: 168, challenge: 'none',
  };
  return laxerThanCityAllows(laxest);
}

export type IssueResult =
  | { ok: true; row: VenuePolicyRow }
  | { ok: false; reason: 'outside_limits'; fields: PolicyField[] }
  | { ok: false; reason: 'version_conflict'; latest: number };

export class VenuePolicies {
  constructor(private readonly store: ServerStore, private readonly keys: CityKeys, private readonly clock: Clock) {}

  /** The signed policy in force at a venue, null while none was issued (kiosks keep their defaults). */
  async current(venueId: string): Promise<SignedVenuePolicy | null> {
    return (await this.store.latestVenuePolicy(venueId))?.signed ?? null;
  }

  /** A kiosk reporting another policy version than before goes into its history (device:…). */
  async noteKioskVersion(device: DeviceRow, hb: Heartbeat): Promise<void> {
    if (hb.policyVersion === undefined || hb.policyVersion === (device.heartbeat?.policyVersion ?? null)) return;
    await recordAudit({ store: this.store, clock: this.clock }, SYSTEM_ACTOR, 'device.policy_applied', `device:${device.id}`, { venueId: device.venueId, version: hb.policyVersion });
  }

  async issue(venueId: string, policy: VenuePolicy, baseVersion: number, by: { role: ConsoleRole; name: string | null }): Promise<IssueResult> {
    if (!UNLIMITED_ROLES.includes(by.role)) {
      const fields = laxerThanCityAllows(policy);
      if (fields.length > 0) return { ok: false, reason: 'outside_limits', fields };
    }
    const latest = (await this.store.latestVenuePolicy(venueId))?.version ?? 0;
    if (latest !== baseVersion) return { ok: false, reason: 'version_conflict', latest };
    const now = this.clock.now().getTime();
    const version = baseVersion + 1;
    const signed = signVenuePolicy({ kind: 'jejak.venue-policy.v1', venueId, version, issuedAt: new Date(now).toISOString(), policy }, this.keys.activeSigningKey());
    const row: VenuePolicyRow = { venueId, version, signed, issuedAt: now, createdBy: by.name };
    // Dense versions: a second editor saving the same next version loses on the primary key.
    if (!(await this.store.saveVenuePolicy(row))) return { ok: false, reason: 'version_conflict', latest: (await this.store.latestVenuePolicy(venueId))?.version ?? version };
    return { ok: true, row };
  }
}
