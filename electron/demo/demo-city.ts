// The demo's local city: a city server on 127.0.0.1 (embedded SQLite) with a demo venue and gates, a
// risk list and a few registered people whose faces come from photos an installed package ships
// (@vladmandic/face-api's demo images, cropped to one face each). Dev tooling for `npm start` only:
// the kiosk app itself never imports the city server, it talks to it over HTTP like any kiosk.
// eslint-disable-next-line no-restricted-imports -- the demo launcher runs a local city server in-process
import { startCityServer, type CityServer, type CityServerOptions } from '../../sync/server/server';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import sharp from 'sharp';
import type { RiskStatus } from '../../sync/protocol/risk-status';

const require = createRequire(import.meta.url);

export interface DemoPerson {
  key: string;
  name: string;
  nik: string;
  /** photo in node_modules/@vladmandic/face-api/demo, and the face to crop (centre x, y and face width, in 480-px-wide preview units) */
  photo: { file: string; cx: number; cy: number; w: number };
  risk: RiskStatus | null;
}

// NIK rules: 3271 = Kota Bogor, district 01, women have 40 added to the birth day.
export const DEMO_PEOPLE: DemoPerson[] = [
  { key: 'siti', name: 'Siti Rahmawati', nik: '3271015508900001', photo: { file: 'sample1.jpg', cx: 232, cy: 135, w: 60 }, risk: null },
  { key: 'dewi', name: 'Dewi Lestari', nik: '3271016203920002', photo: { file: 'sample3.jpg', cx: 297, cy: 87, w: 60 }, risk: null },
  { key: 'rina', name: 'Rina Wulandari', nik: '3271014107880003', photo: { file: 'sample6.jpg', cx: 200, cy: 110, w: 55 }, risk: 'CONFIRMED' },
];

/**
 * On the demo risk list as SUSPECT but not registered: a newcomer registers themself at the kiosk with
 * this NIK, passes the face check and is denied, which raises the priority alert on the Dinkes page.
 */
export const DEMO_SUSPECT_NIK = '3271011212750005';
export const DEMO_CLOSE_CONTACT_NIK = '3271010101800004';

export interface DemoSeed {
  venueId: string;
  entryGateId: string;
  exitGateId: string;
  people: Array<{ key: string; name: string; nik: string; qrPng: string; qrText: string; facePhoto: string; risk: string | null }>;
}

/** One face cut from a group photo: what a registration selfie would be. */
export async function demoFace(p: DemoPerson): Promise<Buffer> {
  const src = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo', p.photo.file);
  const meta = await sharp(src).metadata();
  const scale = (meta.width ?? 1920) / 480;
  const side = Math.round(p.photo.w * 2.4 * scale);
  const left = Math.max(0, Math.round(p.photo.cx * scale - side / 2));
  const top = Math.max(0, Math.round(p.photo.cy * scale - side / 2));
  return sharp(src)
    .extract({ left, top, width: Math.min(side, (meta.width ?? 0) - left), height: Math.min(side, (meta.height ?? 0) - top) })
    .resize(400)
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** `config`: the tests' cheaper password hashing; the demo itself runs with the server's defaults. */
export async function startDemoCity(dataDir: string, config: CityServerOptions['config'] = {}): Promise<CityServer> {
  return startCityServer({ dataDir, port: 0, host: '127.0.0.1', logLevel: 'warn', config: { maintenanceIntervalMs: 0, ...config } });
}

/** Seeds the demo once; a later `npm start` reuses `.jejak/demo/seed.json`. */
export async function seedDemoCity(city: CityServer, demoDir: string, now: Date, log: (line: string) => void): Promise<DemoSeed> {
  const seedFile = path.join(demoDir, 'seed.json');
  if (existsSync(seedFile)) return JSON.parse(readFileSync(seedFile, 'utf8')) as DemoSeed;
  const { admin } = city;
  const venue = await admin.createVenue({ name: 'Pasar Bogor (demo)', address: 'Jl. Suryakencana, Bogor', capacity: 50, region: '3271', dwellMinutes: 120 });
  const entry = await admin.createGate({ venueId: venue.id, name: 'Pintu Masuk', direction: 'ENTRY' });
  const exit = await admin.createGate({ venueId: venue.id, name: 'Pintu Keluar', direction: 'EXIT' });
  log(`demo venue "${venue.name}" with gates "${entry.name}" (entry) and "${exit.name}" (exit)`);

  const qrDir = path.join(demoDir, 'qr');
  const faceDir = path.join(demoDir, 'faces');
  mkdirSync(qrDir, { recursive: true });
  mkdirSync(faceDir, { recursive: true });
  const people: DemoSeed['people'] = [];
  for (const p of DEMO_PEOPLE) {
    const face = await demoFace(p);
    await admin.registerPerson({ nik: p.nik, name: p.name, selfie: face });
    const qr = await admin.issueQr(p.nik, 'png');
    const qrPng = path.join(qrDir, `${p.key}.png`);
    const qrText = path.join(qrDir, `${p.key}.txt`);
    const facePhoto = path.join(faceDir, `${p.key}.jpg`);
    writeFileSync(qrPng, qr.image);
    writeFileSync(qrText, `${qr.token}\n`);
    writeFileSync(facePhoto, face);
    people.push({ key: p.key, name: p.name, nik: p.nik, qrPng, qrText, facePhoto, risk: p.risk });
    log(`registered ${p.name}${p.risk ? ` (on the risk list: ${p.risk})` : ''}`);
  }
  const until = new Date(now.getTime() + 14 * 86_400_000).toISOString().slice(0, 10);
  const csv = ['nik,status,valid_until', ...DEMO_PEOPLE.filter((p) => p.risk).map((p) => `${p.nik},${p.risk},${until}`), `${DEMO_CLOSE_CONTACT_NIK},CLOSE_CONTACT,${until}`, `${DEMO_SUSPECT_NIK},SUSPECT,${until}`].join('\n');
  const imported = await admin.importRiskCsv(`${csv}\n`);
  if (!imported.ok) throw new Error(`demo risk list refused: ${JSON.stringify(imported.errors)}`);
  log('published a signed demo risk list (3 entries)');
  const seed: DemoSeed = { venueId: venue.id, entryGateId: entry.id, exitGateId: exit.id, people };
  writeFileSync(seedFile, JSON.stringify(seed, null, 2));
  return seed;
}

export interface DemoConsoleAccount {
  username: string;
  role: string;
  password: string;
}

/**
 * One console account per role (demo only): made on the first run with generated passwords, kept in
 * .jejak/demo/console-accounts.json (0600) so every `npm start` can print them again.
 */
export async function seedDemoConsole(city: CityServer, demoDir: string, venueId: string, log: (line: string) => void): Promise<DemoConsoleAccount[]> {
  const file = path.join(demoDir, 'console-accounts.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DemoConsoleAccount[];
  await city.store.updateVenue(venueId, { category: 'market' });
  const wanted = [
    { username: 'admin', displayName: 'Admin Diskominfo (demo)', role: 'city-admin', agencyId: 'diskominfo' },
    { username: 'dinkes', displayName: 'Petugas Dinkes (demo)', role: 'health', agencyId: 'dinkes' },
    { username: 'ppj', displayName: 'Perumda Pasar Pakuan Jaya (demo)', role: 'sector', agencyId: 'ppj' },
    { username: 'pengelola', displayName: 'Pengelola Pasar Bogor (demo)', role: 'venue-manager', agencyId: null, venueIds: [venueId] },
    { username: 'auditor', displayName: 'Inspektorat (demo)', role: 'auditor', agencyId: 'inspektorat' },
  ] as const;
  const actor = { kind: 'system', id: null, name: 'demo', role: null } as const;
  const out: DemoConsoleAccount[] = [];
  for (const w of wanted) {
    // A first run stopped between two accounts left some made and no file: give those a new password
    // (creating them again would refuse the name and stop the demo).
    const existing = await city.store.getConsoleUserByName(w.username);
    const password = existing
      ? await city.accounts.resetPassword(existing.id, actor, null)
      : (await city.accounts.createUser({ ...w, venueIds: 'venueIds' in w ? [...w.venueIds] : [] }, actor)).generatedPassword!;
    out.push({ username: w.username, role: w.role, password });
  }
  writeFileSync(file, JSON.stringify(out, null, 2), { mode: 0o600 });
  log('console accounts made: one per role');
  return out;
}
