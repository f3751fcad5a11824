// City secrets in the data directory (files 0600, directory 0700): Ed25519 signing keys with key ids
// (several valid at once during rotation), the NIK hash key issued to kiosks at enrolment, and the
// admin token for the /v1/admin endpoints.
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { b64u, generateEd25519KeyPair } from '../protocol/crypto';
import type { CityKey } from '../protocol/api/enrol';

const KeyFile = z.object({
  version: z.literal(1),
  nikHashKey: z.string(),
  /** AES-256 key for data at rest the server reads back (face templates); added on first open if missing */
  dataKey: z.string().optional(),
  adminToken: z.string().min(32),
  signingKeys: z.array(z.object({
    keyId: z.string(),
    publicKey: z.string(),
    privateKey: z.string(),
    createdAt: z.number(),
    /** retired keys are no longer published to kiosks */
    retiredAt: z.number().nullable(),
  })).min(1),
  /** key id used for new signatures */
  activeKeyId: z.string(),
});
type KeyFile = z.infer<typeof KeyFile>;

export const KEY_FILE = 'city-keys.json';

export class CityKeys {
  private constructor(private readonly file: string, private data: KeyFile) {}

  /** Loads the key file, creating the data dir and a fresh key set the first time. */
  static openOrCreate(dataDir: string, now: number): CityKeys {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const file = path.join(dataDir, KEY_FILE);
    if (existsSync(file)) {
      const parsed = KeyFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      if (!parsed.success) throw new Error(`${file} is damaged: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      const keys = new CityKeys(file, parsed.data);
      if (!parsed.data.dataKey) {
        parsed.data.dataKey = b64u.encode(randomBytes(32));
        keys.save();
      }
      return keys;
    }
    const keyId = keyIdFor(now);
    const kp = generateEd25519KeyPair();
    const keys = new CityKeys(file, {
      version: 1,
      nikHashKey: b64u.encode(randomBytes(32)),
      dataKey: b64u.encode(randomBytes(32)),
      adminToken: b64u.encode(randomBytes(32)),
      signingKeys: [{ keyId, ...kp, createdAt: now, retiredAt: null }],
      activeKeyId: keyId,
    });
    // Created exclusively: a second server process starting at the same moment on the same data dir must
    // use the first one's keys (different NIK-hash keys would split every person in two), so the file is
    // linked into place only if none exists yet, and otherwise the existing one is read.
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(tmp, JSON.stringify(keys.data, null, 2), { mode: 0o600 });
    chmodSync(tmp, 0o600);
    try {
      linkSync(tmp, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      return CityKeys.openOrCreate(dataDir, now);
    } finally {
      unlinkSync(tmp);
    }
    return keys;
  }

  private save(): void {
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.data, null, 2), { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.file);
  }

  get nikHashKey(): string {
    return this.data.nikHashKey;
  }
  get dataKey(): string {
    return this.data.dataKey!;
  }
  get adminToken(): string {
    return this.data.adminToken;
  }

  /** The key new manifests, heads and QR credentials are signed with. */
  activeSigningKey(): { keyId: string; privateKey: string } {
    const k = this.data.signingKeys.find((x) => x.keyId === this.data.activeKeyId)!;
    return { keyId: k.keyId, privateKey: k.privateKey };
  }

  /** Public keys kiosks pin: every key not retired. */
  publicKeys(): CityKey[] {
    return this.data.signingKeys
      .filter((k) => k.retiredAt === null)
      .map((k) => ({ keyId: k.keyId, publicKey: k.publicKey, createdAt: new Date(k.createdAt).toISOString() }));
  }

  /** Adds a new key and makes it active; the old ones stay valid (published) until retired. */
  rotate(now: number): string {
    let keyId = keyIdFor(now);
    if (this.data.signingKeys.some((k) => k.keyId === keyId)) keyId = `${keyId}-${b64u.encode(randomBytes(3))}`;
    this.data.signingKeys.push({ keyId, ...generateEd25519KeyPair(), createdAt: now, retiredAt: null });
    this.data.activeKeyId = keyId;
    this.save();
    return keyId;
  }

  retire(keyId: string, now: number): void {
    if (keyId === this.data.activeKeyId) throw new Error('cannot retire the active key; rotate first');
    const k = this.data.signingKeys.find((x) => x.keyId === keyId);
    if (!k) throw new Error(`no key ${keyId}`);
    k.retiredAt = now;
    this.save();
  }
}

function keyIdFor(now: number): string {
  return `city-${new Date(now).toISOString().slice(0, 10).replace(/-/g, '')}`;
}
