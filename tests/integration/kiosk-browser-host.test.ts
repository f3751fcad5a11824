// The browser host: the gate service over HTTP on 127.0.0.1, the renderer build with a strict CSP, and
// a per-launch token that other local pages cannot obtain.
import http from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../electron/browser-host/server';
import { API_TOKEN_HEADER, API_TOKEN_META } from '../../electron/contract/kiosk-api';
import { openTestKiosk, type TestKiosk } from './kiosk-fixture';

function request(port: number, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

describe('browser host', () => {
  let t: TestKiosk;
  let host: BrowserHost;
  let renderer: string;

  beforeAll(async () => {
    t = await openTestKiosk({ engine: 'none' });
    renderer = path.join(t.dir, 'renderer');
    mkdirSync(path.join(renderer, 'assets'), { recursive: true });
    writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><html><head><title>Jejak</title></head><body><div id="root"></div><script type="module" src="/assets/app.js"></script></body></html>');
    writeFileSync(path.join(renderer, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(path.join(renderer, 'assets', 'zxing.wasm'), Buffer.from([0, 97, 115, 109]));
    writeFileSync(path.join(t.dir, 'secret.txt'), 'do not serve');
    host = await startBrowserHost({ service: t.service, rendererDir: renderer });
  });

  afterAll(async () => {
    await host?.close();
    await t?.cleanup();
  });

  const api = (channel: string, body: unknown, headers: Record<string, string> = {}) =>
    request(host.port, { method: 'POST', path: `/api/v1/${channel}`, headers: { 'content-type': 'application/json', [API_TOKEN_HEADER]: host.token, host: `127.0.0.1:${host.port}`, ...headers }, body: JSON.stringify(body) });

  it('listens on loopback only and refuses to listen elsewhere', async () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/`);
    await expect(startBrowserHost({ service: t.service, rendererDir: renderer, host: '0.0.0.0' })).rejects.toThrow(/loopback/);
  });

  it('serves index.html with the per-launch token and a strict CSP on every resource', async () => {
    const index = await request(host.port, { path: '/' });
    expect(index.status).toBe(200);
    expect(index.body).toContain(`<meta name="${API_TOKEN_META}" content="${host.token}">`);
    expect(index.headers['cache-control']).toBe('no-store');
    expect(index.headers['content-security-policy']).toContain("default-src 'none'");
    expect(index.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(index.headers['x-frame-options']).toBe('DENY');
    const js = await request(host.port, { path: '/assets/app.js' });
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(js.headers['content-security-policy']).toContain("default-src 'none'");
    const wasm = await request(host.port, { path: '/assets/zxing.wasm' });
    expect(wasm.headers['content-type']).toBe('application/wasm');
    const route = await request(host.port, { path: '/staff' });
    expect(route.body).toContain(API_TOKEN_META);
  });

  it('serves nothing outside the renderer build', async () => {
    for (const p of ['/../secret.txt', '/..%2fsecret.txt', '/%2e%2e/secret.txt', '/assets/../../secret.txt', '/assets/missing.js']) {
      const r = await request(host.port, { path: p });
      expect(r.body, p).not.toContain('do not serve');
      if (p.endsWith('.txt') || p.endsWith('.js')) expect(r.status, p).toBe(404);
    }
  });

  it('answers the contract over POST with the token', async () => {
    const r = await api('getState', {});
    expect(r.status).toBe(200);
    const body = JSON.parse(r.body) as { ok: boolean; value: { provisioned: boolean; engine: { ready: boolean } } };
    expect(body).toMatchObject({ ok: true, value: { provisioned: false, engine: { ready: false } } });
    const bad = JSON.parse((await api('submitScan', { text: 7 })).body);
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_ARGS' } });
    const notProvisioned = JSON.parse((await api('submitScan', { text: '3271011508850001', source: 'keypad' })).body);
    expect(notProvisioned).toMatchObject({ ok: false, error: { code: 'NOT_PROVISIONED', message: { id: expect.stringContaining('Kios') } } });
  });

  it('refuses calls without the token, from a foreign origin or host, and non-JSON bodies', async () => {
    expect((await api('getState', {}, { [API_TOKEN_HEADER]: 'wrong' })).status).toBe(403);
    const noToken = await request(host.port, { method: 'POST', path: '/api/v1/getState', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(noToken.status).toBe(403);
    expect(JSON.parse(noToken.body)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await api('getState', {}, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await api('getState', {}, { origin: `http://127.0.0.1:${host.port + 1}` })).status).toBe(403);
    expect((await api('getState', {}, { host: 'rebind.evil.example' })).status).toBe(403);
    expect((await request(host.port, { path: '/', headers: { host: `evil.example:${host.port}` } })).status).toBe(403);
    expect((await api('getState', {}, { 'content-type': 'text/plain' })).status).toBe(415);
    const badJson = await request(host.port, { method: 'POST', path: '/api/v1/getState', headers: { 'content-type': 'application/json', [API_TOKEN_HEADER]: host.token }, body: '{nope' });
    expect(badJson.status).toBe(400);
    expect((await request(host.port, { method: 'GET', path: '/api/v1/getState' })).status).toBe(405);
    const huge = await request(host.port, { method: 'POST', path: '/api/v1/submitFrame', headers: { 'content-type': 'application/json', [API_TOKEN_HEADER]: host.token }, body: JSON.stringify({ sessionId: 'x', jpegBase64: 'A'.repeat(7 * 1024 * 1024) }) });
    expect(huge.status).toBe(413);
  });
});
