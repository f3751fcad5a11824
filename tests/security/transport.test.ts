// Transport (issue 10 item 9): provisioning took http:// for any host, and the registrations feed
// (face templates, revocations) was not signed, so on-the-spot registrations (NIK and name) and the
// templates that decide the face check were protected by TLS alone, or by nothing. Now http:// is for
// loopback only (or an explicit development flag), and feed pages and lookups are signed by the city
// key and checked by the kiosk against the keys pinned at enrolment.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileKeyStore, openKioskStore, type KioskStore } from '../../electron/store/index';
import { enrol, isLoopbackHost, normaliseServerUrl, ProvisioningError } from '../../sync/agent/enrol';

describe('provisioning accepts http:// only for loopback', () => {
  let dir: string;
  let store: KioskStore;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'jejak-transport-'));
    store = openKioskStore({ path: path.join(dir, 'kiosk.db'), keyStore: new FileKeyStore(path.join(dir, 'data.key')), clock: { now: () => new Date() } });
  });
  afterAll(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses http:// to another machine before any request, in both languages, nothing stored', async () => {
    for (const url of ['http://kota-bogor.example', 'http://10.0.0.5:8080', 'http://192.168.1.20', 'http://127.0.0.1.nip.io', 'http://[2001:db8::1]']) {
      const err = await enrol(store, url, 'ABCD-EFGH-JKMN', { allowInsecureHttp: false, timeoutMs: 500 }).catch((e: unknown) => e);
      expect(err, url).toBeInstanceOf(ProvisioningError);
      expect((err as ProvisioningError).code, url).toBe('INSECURE_URL');
      expect((err as ProvisioningError).messages.id).toMatch(/https:\/\//);
    }
    expect(store.getDeviceConfig()).toBeNull();
  });

  it('takes https:// anywhere, http:// on loopback, and http:// elsewhere only with the development flag', async () => {
    expect(normaliseServerUrl('https://kota-bogor.example/', false)).toBe('https://kota-bogor.example');
    for (const url of ['http://127.0.0.1:8080', 'http://localhost:3000', 'http://[::1]:3000', 'http://127.8.9.10']) expect(normaliseServerUrl(url, false), url).toMatch(/^http:\/\//);
    expect(normaliseServerUrl('http://10.0.0.5:8080', true)).toBe('http://10.0.0.5:8080');
    expect(isLoopbackHost('127.0.0.1.nip.io')).toBe(false);
    // the flag gets it past the address check to the network (no such host here)
    const err = await enrol(store, 'http://kota-bogor.invalid', 'ABCD-EFGH-JKMN', { allowInsecureHttp: true, timeoutMs: 2000 }).catch((e: unknown) => e);
    expect((err as ProvisioningError).code).toBe('UNREACHABLE');
  });
});
