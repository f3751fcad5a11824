// Where the device data key lives. Personal data in the store is sealed under this 32-byte key, so the
// key never sits in the database: in the Electron app it is wrapped by the OS keychain (safeStorage);
// headless (CLI, tests, a kiosk without a keyring) it is a 0600 file beside the database.
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, readFileSync, statSync, writeSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { DataKeyStore, SafeStorageLike } from './types';
import { StoreError } from './types';

export type { DataKeyStore, SafeStorageLike } from './types';

export const DATA_KEY_BYTES = 32;

/** Writes a new file with mode 0600 (fails if it exists: two processes must not mint two keys). */
function writeNewSecretFile(file: string, content: Buffer): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const fd = openSync(file, 'wx', 0o600);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  // umask may have narrowed it further but never widened it; make it exact.
  chmodSync(file, 0o600);
}

function assertPrivate(file: string): void {
  if (process.platform === 'win32') return;
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new StoreError(
      'KEY_FILE_INSECURE',
      { id: `berkas kunci ${path.basename(file)} dapat dibaca pihak lain (mode ${mode.toString(8)}); harus 600`, en: `key file ${path.basename(file)} is readable by others (mode ${mode.toString(8)}); expected 600` },
    );
  }
}

/** Headless mode: the raw key in a 0600 file. A group/world-readable key file is refused, not used. */
export class FileKeyStore implements DataKeyStore {
  readonly kind = 'file';
  constructor(private readonly file: string) {}

  loadOrCreateKey(): Buffer {
    if (!existsSync(this.file)) {
      const key = randomBytes(DATA_KEY_BYTES);
      try {
        writeNewSecretFile(this.file, Buffer.from(key.toString('base64') + '\n', 'utf8'));
        return key;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        // another process created it first: use theirs
      }
    }
    assertPrivate(this.file);
    const key = Buffer.from(readFileSync(this.file, 'utf8').trim(), 'base64');
    if (key.length !== DATA_KEY_BYTES) {
      throw new StoreError(
        'DATA_KEY_UNAVAILABLE',
        { id: `berkas kunci ${path.basename(this.file)} tidak berisi kunci 32 byte`, en: `key file ${path.basename(this.file)} does not hold a 32-byte key` },
      );
    }
    return key;
  }
}

/**
 * Electron app: the data key wrapped by `safeStorage` (OS keychain / DPAPI / libsecret), the wrapped
 * bytes in a 0600 file. Refuses to run when the OS cannot encrypt, rather than keeping the key in clear.
 */
export class SafeStorageKeyStore implements DataKeyStore {
  readonly kind = 'safeStorage';
  constructor(
    private readonly safeStorage: SafeStorageLike,
    private readonly wrappedKeyFile: string,
  ) {}

  loadOrCreateKey(): Buffer {
    if (!this.safeStorage.isEncryptionAvailable()) {
      throw new StoreError(
        'DATA_KEY_UNAVAILABLE',
        { id: 'penyimpanan aman sistem operasi tidak tersedia, kunci data tidak dapat dilindungi (gunakan mode berkas kunci secara eksplisit)', en: 'OS secure storage is not available, so the data key cannot be protected (use the headless key file mode explicitly)' },
      );
    }
    if (!existsSync(this.wrappedKeyFile)) {
      const key = randomBytes(DATA_KEY_BYTES);
      try {
        writeNewSecretFile(this.wrappedKeyFile, this.safeStorage.encryptString(key.toString('base64')));
        return key;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
    assertPrivate(this.wrappedKeyFile);
    let text: string;
    try {
      text = this.safeStorage.decryptString(readFileSync(this.wrappedKeyFile));
    } catch (err) {
      throw new StoreError(
        'DATA_KEY_UNAVAILABLE',
        { id: 'penyimpanan aman tidak dapat membuka kunci data', en: `secure storage could not unwrap the data key (${(err as Error).message})` },
      );
    }
    const key = Buffer.from(text, 'base64');
    if (key.length !== DATA_KEY_BYTES) {
      throw new StoreError('DATA_KEY_UNAVAILABLE', { id: 'kunci data yang dibuka bukan 32 byte', en: 'unwrapped data key is not 32 bytes' });
    }
    return key;
  }
}
