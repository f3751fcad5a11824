// Provisioning failures a person at the setup screen must be able to tell apart: unreachable server,
// TLS problem, a web server that is not Jejak, a malformed URL, an already enrolled kiosk. (Bad and
// expired codes are tested against the real city server in tests/integration/sync-agent.test.ts.)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileKeyStore, openKioskStore, type KioskStore } from '../../electron/store/index';
import { enrol, ProvisioningError } from '../../sync/agent/enrol';
import type { SyncStorePort } from '../../sync/agent/ports';

let dir: string;
let store: KioskStore;
const servers: (http.Server | https.Server)[] = [];

async function listen(server: http.Server | https.Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return (server.address() as { port: number }).port;
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'OK';
  } catch (err) {
    expect(err).toBeInstanceOf(ProvisioningError);
    const e = err as ProvisioningError;
    expect(e.messages.id.length).toBeGreaterThan(5); // a sentence in Bahasa Indonesia for the setup screen
    expect(e.messages.en.length).toBeGreaterThan(5);
    return e.code;
  }
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'jejak-enrol-'));
  store = openKioskStore({ path: path.join(dir, 'kiosk.db'), keyStore: new FileKeyStore(path.join(dir, 'data.key')), clock: { now: () => new Date() } });
});
afterAll(async () => {
  store.close();
  for (const s of servers) await new Promise<void>((r) => s.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

describe('enrol() failures', () => {
  it('the kiosk store satisfies the agent ports', () => {
    const port: SyncStorePort = store;
    expect(port.outboxDepth()).toBe(0);
  });

  it('says UNREACHABLE when nothing listens', async () => {
    const port = await listen(http.createServer());
    await new Promise<void>((r) => servers.pop()!.close(() => r()));
    expect(await codeOf(enrol(store, `http://127.0.0.1:${port}`, 'ABCD-EFGH-JKMN'))).toBe('UNREACHABLE');
  });

  it('says WRONG_SERVER for a web server that is not Jejak', async () => {
    const port = await listen(http.createServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<h1>Not Found</h1>');
    }));
    expect(await codeOf(enrol(store, `http://127.0.0.1:${port}`, 'ABCD-EFGH-JKMN'))).toBe('WRONG_SERVER');
    const port2 = await listen(http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"hello":"world"}');
    }));
    expect(await codeOf(enrol(store, `http://127.0.0.1:${port2}/`, 'ABCD-EFGH-JKMN'))).toBe('WRONG_SERVER');
  });

  it('says TLS_ERROR for a certificate the kiosk does not trust', async () => {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=127.0.0.1', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
    const port = await listen(https.createServer({ key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem')) }, (_req, res) => res.end('{}')));
    expect(await codeOf(enrol(store, `https://127.0.0.1:${port}`, 'ABCD-EFGH-JKMN'))).toBe('TLS_ERROR');
  });

  it('says BAD_URL for something that is not an http(s) URL', async () => {
    expect(await codeOf(enrol(store, 'jejak.bogorkota', 'ABCD'))).toBe('BAD_URL');
    expect(await codeOf(enrol(store, 'ftp://127.0.0.1/', 'ABCD'))).toBe('BAD_URL');
  });

  it('changed nothing: the kiosk is still not enrolled', () => {
    expect(store.getDeviceConfig()).toBeNull();
  });
});
