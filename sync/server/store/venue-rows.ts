// Row → record mappers of the venue policy tables (same column names on both backends).
import type { SignedVenuePolicy } from '../../protocol/venue-policy';
import { num, strOrNull } from './row-mappers';
import type { Row } from './row-mappers';
import type { VenuePolicyRow } from './types';

export function venuePolicyFrom(r: Row): VenuePolicyRow {
  return { venueId: String(r.venue_id), version: num(r.version), signed: JSON.parse(String(r.signed)) as SignedVenuePolicy, issuedAt: num(r.issued_at), createdBy: strOrNull(r.created_by) };
}
