// Test helpers for the kiosk store: a temp directory on disk, a clock tests can move, an enrolled store.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateEd25519KeyPair } from '../../sync/protocol/crypto';
import { FileKeyStore, openKioskStore } from '../../electron/store/index';
import type { DeviceConfigInput, KioskStore, StoreError } from '../../electron/store/index';
import { randomBytes } from 'node:crypto';

// the settable test clock lives once, beside the Clock it implements
import { ManualClock } from '../../sync/protocol/clock';
export { ManualClock };

export function tempDir(prefix = 'jejak-store-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function demoDeviceConfig(overrides: Partial<DeviceConfigInput> = {}): DeviceConfigInput {
  const device = generateEd25519KeyPair();
  const city = generateEd25519KeyPair();
  return {
    deviceId: 'dev-0001',
    venueId: 'venue-botani',
    venueName: 'Botani Square',
    gateId: 'gate-a',
    gateMode: 'entry',
    serverUrl: 'http://127.0.0.1:8080',
    cityPublicKeys: { 'city-2026-1': city.publicKey },
    nikHashKey: randomBytes(32).toString('base64url'),
    devicePublicKey: device.publicKey,
    devicePrivateKey: device.privateKey,
    policy: { staleListAction: 'REFER' },
    venueCapacity: 100,
    ...overrides,
  };
}

/** An enrolled store in a fresh temp directory, with a FileKeyStore beside the database. */
export function openTestStore(opts: { clock?: ManualClock; dir?: string; enrol?: boolean; config?: Partial<DeviceConfigInput> } = {}): {
  store: KioskStore;
  clock: ManualClock;
  dir: string;
  dbPath: string;
  keyPath: string;
  reopen(): KioskStore;
  cleanup(): void;
} {
  const clock = opts.clock ?? new ManualClock();
  const tmp = opts.dir ? { dir: opts.dir, cleanup: () => rmSync(opts.dir!, { recursive: true, force: true }) } : tempDir();
  const dbPath = path.join(tmp.dir, 'kiosk.db');
  const keyPath = path.join(tmp.dir, 'data.key');
  const open = () => openKioskStore({ path: dbPath, keyStore: new FileKeyStore(keyPath), clock });
  const store = open();
  if (opts.enrol !== false) store.saveDeviceConfig(demoDeviceConfig(opts.config));
  let current = store;
  return {
    store,
    clock,
    dir: tmp.dir,
    dbPath,
    keyPath,
    reopen: () => {
      current = open();
      return current;
    },
    cleanup: () => {
      try {
        current.close();
        store.close();
      } finally {
        tmp.cleanup();
      }
    },
  };
}

/** The store's error code a call fails with ('no error' when it succeeds): what the tests compare. */
export function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as StoreError).code ?? String(err);
  }
  return 'no error';
}
