// The fault proxy itself: each programmed fault must do to a real HTTP exchange what its name says,
// otherwise the fault suite would prove nothing.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import axios from 'axios';
import { startFaultProxy, type FaultProxy } from '../faults/proxy';

let server: http.Server;
let port = 0;
const committed: string[] = [];
let proxy: FaultProxy;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => {
      committed.push(body);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ok: true, echo: body.length, pad: 'x'.repeat(2000) }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as { port: number }).port;
  proxy = await startFaultProxy({ targetPort: port });
});
afterAll(async () => {
  await proxy.close();
  await new Promise<void>((r) => server.close(() => r()));
});

const post = (body: string) => axios.post(`${proxy.url}/x`, body, { timeout: 1500, headers: { connection: 'close', 'content-type': 'text/plain' } });
const errorCode = async (p: Promise<unknown>): Promise<string> => p.then(() => 'OK', (e: { code?: string }) => e.code ?? 'ERR');

describe('TCP fault proxy', () => {
  it('passes a request through untouched', async () => {
    proxy.setPlan(() => ({ kind: 'pass' }));
    const res = await post('hello');
    expect(res.data).toMatchObject({ ok: true, echo: 5 });
  });

  it('delays without changing the answer', async () => {
    proxy.setPlan(() => ({ kind: 'delay', ms: 200 }));
    const t0 = Date.now();
    const res = await post('slow');
    expect(res.data.echo).toBe(4);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(200);
  });

  it('drop and reset never reach the server', async () => {
    const before = committed.length;
    proxy.setPlan(() => ({ kind: 'drop' }));
    expect(await errorCode(post('a'))).not.toBe('OK');
    proxy.setPlan(() => ({ kind: 'reset' }));
    expect(await errorCode(post('b'))).toBe('ECONNRESET');
    expect(committed.length).toBe(before);
  });

  it('cuts a request mid-body: the server never sees a whole body', async () => {
    const before = committed.length;
    proxy.setPlan(() => ({ kind: 'cutRequest', afterBytes: 300 }));
    expect(await errorCode(post('y'.repeat(5000)))).not.toBe('OK');
    await new Promise((r) => setTimeout(r, 50));
    expect(committed.slice(before).some((b) => b.length === 5000)).toBe(false);
  });

  it('drops the response after the server committed', async () => {
    const before = committed.length;
    proxy.setPlan(() => ({ kind: 'dropResponse' }));
    expect(await errorCode(post('committed-but-lost'))).not.toBe('OK');
    expect(committed.slice(before)).toContain('committed-but-lost');
  });

  it('cuts a response mid-body', async () => {
    proxy.setPlan(() => ({ kind: 'cutResponse', afterBytes: 200 }));
    expect(await errorCode(post('z'))).not.toBe('OK');
  });

  it('blackholes until the client times out', async () => {
    proxy.setPlan(() => ({ kind: 'blackhole' }));
    expect(await errorCode(axios.get(`${proxy.url}/`, { timeout: 300 }))).toBe('ECONNABORTED');
    proxy.setPlan(() => ({ kind: 'pass' }));
    expect(proxy.stats().blackhole).toBe(1);
  });
});
