// The renderer's HTTP client against the real browser host (its token check, its Result answers),
// and against a plain server that misbehaves (invalid answers, silence, nothing listening).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../electron/browser-host/server';
import { createHttpKioskApi } from '../../renderer/host/http-client';

let host: BrowserHost;
const calls: { channel: string; args: unknown }[] = [];

beforeAll(async () => {
  host = await startBrowserHost({
    rendererDir: '/nonexistent',
    token: 'test-token-0123456789abcdef',
    service: {
      async dispatch(channel, args) {
        calls.push({ channel, args });
        if (channel === 'submitScan') return { ok: false, error: { code: 'NIK_LENGTH', message: { id: 'NIK harus 16 digit angka', en: 'NIK must be 16 digits' } } };
        return { ok: true, value: { echoed: channel } };
      },
    },
  });
});
afterAll(async () => {
  await host.close();
});

function listen(handler: http.RequestListener): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer(handler);
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}

describe('renderer HTTP client', () => {
  it('posts each channel with its args and the token, and returns the host Result as is', async () => {
    const api = createHttpKioskApi({ baseUrl: host.url.replace(/\/$/, ''), token: host.token });
    const state = await api.getState({});
    expect(state).toEqual({ ok: true, value: { echoed: 'getState' } });
    const scan = await api.submitScan({ text: '123', source: 'keypad' });
    expect(scan).toEqual({ ok: false, error: { code: 'NIK_LENGTH', message: { id: 'NIK harus 16 digit angka', en: 'NIK must be 16 digits' } } });
    expect(calls.at(-1)).toEqual({ channel: 'submitScan', args: { text: '123', source: 'keypad' } });
  });

  it('without the per-launch token the host refuses and nothing is dispatched', async () => {
    const before = calls.length;
    const api = createHttpKioskApi({ baseUrl: host.url.replace(/\/$/, ''), token: null });
    const res = await api.getState({});
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.code).toBe('FORBIDDEN');
    expect(calls.length).toBe(before);
  });

  it('a host that is not running gives HOST_UNREACHABLE with both languages', async () => {
    const gone = await listen(() => undefined);
    await gone.close();
    const res = await createHttpKioskApi({ baseUrl: gone.url }).getState({});
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.code).toBe('HOST_UNREACHABLE');
      expect(res.error.message.id).toMatch(/tidak terhubung/);
    }
  });

  it('an answer that is not a Result is HOST_BAD_ANSWER, a silent host is HOST_TIMEOUT', async () => {
    const bad = await listen((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<h1>Bad gateway</h1>');
    });
    const odd = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error: 'nope' }));
    });
    const silent = await listen(() => undefined);
    try {
      const r1 = await createHttpKioskApi({ baseUrl: bad.url }).getState({});
      expect(!r1.ok && r1.error.code).toBe('HOST_BAD_ANSWER');
      const r2 = await createHttpKioskApi({ baseUrl: odd.url }).getState({});
      expect(!r2.ok && r2.error.code).toBe('HOST_BAD_ANSWER');
      const r3 = await createHttpKioskApi({ baseUrl: silent.url, timeoutMs: 300 }).getState({});
      expect(!r3.ok && r3.error.code).toBe('HOST_TIMEOUT');
    } finally {
      await Promise.all([bad.close(), odd.close(), silent.close()]);
    }
  });
});
