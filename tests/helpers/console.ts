// Console test support: one account per role over a few venues of different categories, and login.
import type { ConsoleRole } from '../../sync/protocol/console/roles';
import { CLI_ACTOR } from '../../sync/server/console/audit';
import type { TestCityServer } from '../../sync/server/testing';

export interface ConsoleSeed {
  password: string;
  /** username by role (one account per role; sector: ppj) */
  usernames: Record<ConsoleRole, string>;
  userIds: Record<'admin' | 'dinkes' | 'ppj' | 'disperindag' | 'manager' | 'auditor', string>;
  marketVenueIds: string[];
  managedVenueId: string;
}

export async function seedConsole(s: TestCityServer): Promise<ConsoleSeed> {
  const password = 'kata sandi uji 2026';
  await s.store.updateVenue(s.venueId, { category: 'mall' });
  const pasar = await s.admin.createVenue({ name: 'Pasar Bogor', address: 'Jl. Suryakencana', capacity: 800, category: 'market' });
  const pasar2 = await s.admin.createVenue({ name: 'Pasar Kebon Kembang', address: 'Jl. Dewi Sartika', capacity: 600, category: 'market' });
  const hotel = await s.admin.createVenue({ name: 'Hotel Salak', address: 'Jl. Ir. H. Juanda', capacity: 200, category: 'hotel' });
  const make = async (username: string, role: ConsoleRole, agencyId: string | null, venueIds: string[] = []) =>
    (await s.accounts.createUser({ username, displayName: username, role, agencyId, venueIds, password }, CLI_ACTOR)).user.id;
  const userIds = {
    admin: await make('admin', 'city-admin', 'diskominfo'),
    dinkes: await make('dinkes', 'health', 'dinkes'),
    ppj: await make('ppj', 'sector', 'ppj'),
    disperindag: await make('disperindag', 'sector', 'disperindag'),
    manager: await make('manager', 'venue-manager', null, [hotel.id]),
    auditor: await make('auditor', 'auditor', 'inspektorat'),
  };
  return {
    password,
    usernames: { 'city-admin': 'admin', health: 'dinkes', sector: 'ppj', 'venue-manager': 'manager', auditor: 'auditor' },
    userIds, marketVenueIds: [pasar.id, pasar2.id], managedVenueId: hotel.id,
  };
}

export async function consoleLogin(url: string, username: string, password: string, totp?: string): Promise<{ cookie: string; csrf: string }> {
  const r = await fetch(`${url}/v1/console/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password, totp }) });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${await r.text()}`);
  const body = (await r.json()) as { csrfToken: string };
  return { cookie: r.headers.get('set-cookie')!.split(';')[0]!, csrf: body.csrfToken };
}
