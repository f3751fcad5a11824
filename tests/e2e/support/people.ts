// The people of the e2e suite. Their faces come from the fixture clips and LFW photos (never committed):
// "Budi" is the man in the blink clip (registered with a still from that clip), "Andi" an LFW photo.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { issueCredential } from '../../../sync/protocol/qr-credential';
import type { City } from './stack';
import { videoStillJpeg } from './clip';

export interface Person {
  nik: string;
  name: string;
}

export const BUDI: Person = { nik: '3271011508850001', name: 'Budi Santoso' };
/** same face as Budi (the clip), a different NIK that Dinkes lists as CONFIRMED */
export const SITI: Person = { nik: '3271015508850002', name: 'Siti Aminah' };
export const ANDI: Person = { nik: '3271012003900003', name: 'Andi Wijaya' };
/** registered on the spot by staff during the suite */
export const DEWI: Person = { nik: '3271016204950004', name: 'Dewi Lestari' };

export function blinkClip(fixtures: string): string {
  return path.join(fixtures, 'video', 'liveportrait_d13_talking_blinks.mp4');
}

export function lfwPhoto(fixtures: string, who = 'Aaron_Peirsol', n = 1): string {
  return path.join(fixtures, 'faces', who, `${who}_${String(n).padStart(4, '0')}.jpg`);
}

/** Registers Budi and Siti (the clip's face) and Andi (an LFW face) on the city server, and lists Siti as CONFIRMED. */
export async function registerPeople(city: City, fixtures: string): Promise<{ selfie: Buffer }> {
  const selfie = await videoStillJpeg(blinkClip(fixtures), 0.4);
  await city.server.admin.registerPerson({ ...BUDI, selfie });
  // the same clip's face under a second NIK: past the duplicate check on purpose (as an operator does for twins)
  await city.server.admin.registerPerson({ ...SITI, selfie, allowDuplicateFace: true });
  await city.server.admin.registerPerson({ ...ANDI, selfie: readFileSync(lfwPhoto(fixtures)) });
  const until = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
  const imported = await city.server.admin.importRiskCsv(`nik,status,valid_until\n${SITI.nik},CONFIRMED,${until}\n`);
  if (!imported.ok) throw new Error(`risk import failed: ${JSON.stringify(imported.errors)}`);
  return { selfie };
}

export async function qrOf(city: City, p: Person): Promise<string> {
  return (await city.server.admin.issueQr(p.nik)).token;
}

/** A credential signed with the city's real key but already expired (issued two days ago, valid one). */
export function expiredQr(city: City, p: Person & { rid: string }): string {
  const iat = Math.floor(Date.now() / 1000) - 2 * 86_400;
  return issueCredential({ nik: p.nik, name: p.name, rid: p.rid, iat, exp: iat + 86_400 }, city.server.keys.activeSigningKey());
}

/** The same credential with its payload changed (the name) and the old signature kept. */
export function forgedQr(token: string): string {
  const [prefix, payload, sig] = token.split('.') as [string, string, string];
  const body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  const forged = Buffer.from(JSON.stringify({ ...body, name: 'Mallory' })).toString('base64url');
  return `${prefix}.${forged}.${sig}`;
}
