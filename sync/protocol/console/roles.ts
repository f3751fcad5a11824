// Console roles, agencies and venue categories as data (after SORMAS' DefaultUserRole and its
// jurisdictions): what a role may do and how far it sees is read from these tables, never from
// if-chains spread over handlers. The route table (api/console.ts) names the roles allowed on each
// route; the server checks them in one place and scopes every query with `venueScope`.
import type { Bilingual } from '../bilingual';

export const VENUE_CATEGORIES = ['mall', 'market', 'hotel', 'restaurant', 'entertainment', 'office', 'other'] as const;
export type VenueCategory = (typeof VENUE_CATEGORIES)[number];

export const VENUE_CATEGORY_LABELS: Record<VenueCategory, Bilingual> = {
  mall: { id: 'Mal / toko modern', en: 'Mall / modern shop' },
  market: { id: 'Pasar tradisional', en: 'Traditional market' },
  hotel: { id: 'Hotel', en: 'Hotel' },
  restaurant: { id: 'Restoran', en: 'Restaurant' },
  entertainment: { id: 'Hiburan', en: 'Entertainment' },
  office: { id: 'Perkantoran', en: 'Office' },
  other: { id: 'Lainnya', en: 'Other' },
};

export const CONSOLE_ROLES = ['city-admin', 'health', 'sector', 'venue-manager', 'auditor'] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

/**
 * How far a role sees venues (its jurisdiction):
 * - `city`: every venue;
 * - `agency-categories`: venues whose category the user's agency covers (sector agencies);
 * - `assigned-venues`: the venues named on the account (venue managers).
 */
export type VenueJurisdiction = 'city' | 'agency-categories' | 'assigned-venues';

export interface RoleDefinition {
  label: Bilingual;
  jurisdiction: VenueJurisdiction;
  /** may see a person (NIK, name, visits), and then only through a tracing case with a purpose */
  personalData: boolean;
  /** may read the console audit log */
  auditLog: boolean;
  /** may a TOTP second factor be required of it (health and city-admin) */
  totpAllowed: boolean;
  /** an account of this role must belong to an agency */
  agencyRequired: boolean;
  /** an account of this role names the venues it manages */
  venuesRequired: boolean;
}

export const ROLES: Record<ConsoleRole, RoleDefinition> = {
  'city-admin': {
    label: { id: 'Admin kota (Diskominfo)', en: 'City admin (Diskominfo)' },
    jurisdiction: 'city', personalData: false, auditLog: true, totpAllowed: true, agencyRequired: true, venuesRequired: false,
  },
  health: {
    label: { id: 'Kesehatan (Dinkes)', en: 'Health (Dinkes)' },
    jurisdiction: 'city', personalData: true, auditLog: false, totpAllowed: true, agencyRequired: true, venuesRequired: false,
  },
  sector: {
    label: { id: 'Dinas sektor', en: 'Sector agency' },
    jurisdiction: 'agency-categories', personalData: false, auditLog: false, totpAllowed: false, agencyRequired: true, venuesRequired: false,
  },
  'venue-manager': {
    label: { id: 'Pengelola tempat', en: 'Venue manager' },
    jurisdiction: 'assigned-venues', personalData: false, auditLog: false, totpAllowed: false, agencyRequired: false, venuesRequired: true,
  },
  auditor: {
    label: { id: 'Auditor (hanya baca)', en: 'Auditor (read-only)' },
    jurisdiction: 'city', personalData: false, auditLog: true, totpAllowed: false, agencyRequired: true, venuesRequired: false,
  },
};

export interface AgencyDefinition {
  id: string;
  name: string;
  /** venue categories this agency covers (its sector accounts see those venues) */
  categories: readonly VenueCategory[];
}

/** Bogor's agencies; the server adds any that are missing at start (a city admin may change their categories). */
export const DEFAULT_AGENCIES: readonly AgencyDefinition[] = [
  { id: 'diskominfo', name: 'Dinas Komunikasi dan Informatika', categories: [] },
  { id: 'dinkes', name: 'Dinas Kesehatan', categories: [] },
  { id: 'disperindag', name: 'Dinas Perindustrian dan Perdagangan', categories: ['mall', 'office'] },
  { id: 'ppj', name: 'Perumda Pasar Pakuan Jaya', categories: ['market'] },
  { id: 'pariwisata', name: 'Dinas Kebudayaan dan Pariwisata', categories: ['hotel', 'restaurant', 'entertainment'] },
  { id: 'inspektorat', name: 'Inspektorat Daerah', categories: [] },
];

/** The venues a principal may see: every one, or those of some categories, or some ids. */
export type VenueScope =
  | { kind: 'all' }
  | { kind: 'categories'; categories: readonly VenueCategory[] }
  | { kind: 'venues'; venueIds: readonly string[] };

export function venueScope(role: ConsoleRole, agencyCategories: readonly VenueCategory[], venueIds: readonly string[]): VenueScope {
  switch (ROLES[role].jurisdiction) {
    case 'city':
      return { kind: 'all' };
    case 'agency-categories':
      return { kind: 'categories', categories: agencyCategories };
    case 'assigned-venues':
      return { kind: 'venues', venueIds };
  }
}

export function inScope(scope: VenueScope, venue: { id: string; category: VenueCategory }): boolean {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'categories') return scope.categories.includes(venue.category);
  return scope.venueIds.includes(venue.id);
}
