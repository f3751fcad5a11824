// Row → record mappers that read the same whatever the backend (column names are shared by both schemas).
import type { GateRow, VenueRow } from './types';

export type Row = Record<string, unknown>;
export const num = (v: unknown): number => Number(v);
export const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
export const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export function venueFrom(r: Row): VenueRow {
  return { id: String(r.id), name: String(r.name), address: String(r.address), capacity: num(r.capacity), region: String(r.region), dwellMinutes: num(r.dwell_minutes), createdAt: num(r.created_at) };
}
export function gateFrom(r: Row): GateRow {
  return { id: String(r.id), venueId: String(r.venue_id), name: String(r.name), direction: r.direction as GateRow['direction'] };
}
