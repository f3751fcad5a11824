// Pre-authentication cost (issue 10 item 1). The server parsed the whole JSON body before it checked
// the signature: an unsigned 1 MB deeply nested body cost up to 745 ms of CPU, and /v1/health took 2.6 s
// while four were in flight. Now a device route is authenticated from its headers before the body is
// read, the raw bytes are compared with the signed digest before any parse, and no route parses JSON
// nested deeper than MAX_JSON_DEPTH. What a test can see without timing: the refusal arrives while the
// body has not even been sent, and the nesting cap answers 400 on signed and unsigned routes alike.
// (How many garbage requests per second are shed while a kiosk's upload still answers: the server
// bench, part 'preauth'.)
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresUrl } from '../helpers/postgres';
import { DeviceClient, enrolDevice } from '../../sync/server/device-client';
import type { DeviceIdentity } from '../../sync/server/device-client';
import { startTestCityServer } from '../../sync/server/testing';
import type { Backend, TestCityServer } from '../../sync/server/testing';
import { signRequest } from '../../sync/protocol/http-signature';
import { jsonDepthExceeds, MAX_JSON_DEPTH } from '../../sync/server/http/pre-auth';

const pg = postgresUrl();
const backends: Backend[] = pg ? ['sqlite', 'postgres'] : ['sqlite'];

/** `{"visits":[[[[…]]]]}` of about `bytes` bytes */
function nested(bytes: number): string {
  const n = Math.floor((bytes - 12) / 2);
  return `{"visits":${'['.repeat(n)}${']'.repeat(n)}}`;
}

/**
 * Sends the headers (a Content-Length of `length`) and then nothing: resolves with the status the
 * server answers before any byte of the body arrived, or 'waited' if it waits for the body.
 */
function statusBeforeBody(url: string, path: string, headers: Record<string, string>, length: number): Promise<number | 'waited'> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}${path}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json', 'content-length': String(length) }, agent: false });
    const timer = setTimeout(() => {
      req.destroy();
      resolve('waited');
    }, 5000);
    req.on('response', (res) => {
      clearTimeout(timer);
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.flushHeaders();
  });
}

describe.each(backends)('pre-authentication cost on %s', (backend) => {
  let s: TestCityServer;
  let dev: DeviceIdentity;
  let client: DeviceClient;
  beforeAll(async () => {
    s = await startTestCityServer(backend, { pgUrl: pg ?? undefined, config: { rateLimitPerSecond: 10_000, rateLimitBurst: 10_000 } });
    dev = await enrolDevice(s.url, await s.newEnrolmentCode());
    client = new DeviceClient(s.url, dev);
  });
  afterAll(async () => {
    await s?.destroy();
  });

  it('refuses an unsigned 1 MB upload before its body is read', async () => {
    expect(await statusBeforeBody(s.url, '/v1/visits', {}, 1_000_000)).toBe(401);
    // forged: a well-formed signature by a key that is not the device's
    const forged = signRequest({ method: 'POST', url: '/v1/visits', body: nested(1000), keyId: dev.deviceId, privateKey: (await enrolDevice(s.url, await s.newEnrolmentCode())).privateKey, created: Math.floor(Date.now() / 1000), headers: { 'content-type': 'application/json' } });
    expect(await statusBeforeBody(s.url, '/v1/visits', forged, 1_000_000)).toBe(401);
  });

  it('answers an unsigned deeply nested 1 MB body 401 sig_missing, and /v1/health still answers', async () => {
    const body = nested(1_000_000);
    const answers = await Promise.all(Array.from({ length: 4 }, () => fetch(`${s.url}/v1/visits`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(async (r) => ({ status: r.status, code: ((await r.json()) as { error: { code: string } }).error.code }))));
    expect(answers).toEqual(Array.from({ length: 4 }, () => ({ status: 401, code: 'sig_missing' })));
    expect((await fetch(`${s.url}/v1/health`)).status).toBe(200);
  });

  it('a signed body whose bytes differ from the signed digest is refused before it is parsed', async () => {
    const headers = client.sign('POST', '/v1/visits', JSON.stringify({ visits: [] }));
    const r = await client.request('POST', '/v1/visits', undefined, { headers, rawBody: nested(100_000) });
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({ error: { code: 'digest_mismatch' } });
  });

  it('caps JSON nesting on signed and unsigned routes with 400 invalid_json', async () => {
    const deep = client.sign('POST', '/v1/visits', nested(1_000_000));
    const r = await client.request<{ error: { code: string; details: { message: string }[] } }>('POST', '/v1/visits', undefined, { headers: deep, rawBody: nested(1_000_000) });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid_json');
    expect(r.body.error.details[0]!.message).toMatch(/deeper than 16/);
    const enrol = await fetch(`${s.url}/v1/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: nested(2_000) });
    expect(enrol.status).toBe(400);
    // at the cap it is parsed, and the schema answers (the one item is not a visit)
    const atCap = `{"visits":${'['.repeat(MAX_JSON_DEPTH - 1)}${']'.repeat(MAX_JSON_DEPTH - 1)}}`;
    const ok = await client.request<{ results: { status: string }[] }>('POST', '/v1/visits', undefined, { headers: client.sign('POST', '/v1/visits', atCap), rawBody: atCap });
    expect(ok.status).toBe(200);
    expect(ok.body.results).toMatchObject([{ status: 'rejected' }]);
  });
});

describe('jsonDepthExceeds', () => {
  const t = (s: string, max: number) => jsonDepthExceeds(Buffer.from(s), max);
  it('counts arrays and objects, not brackets inside strings or escapes', () => {
    expect(t('{"a":[1,{"b":2}]}', 3)).toBe(false);
    expect(t('{"a":[1,{"b":2}]}', 2)).toBe(true);
    expect(t('{"a":"[[[[[[[[[[{{{{{{"}', 1)).toBe(false);
    expect(t('{"a":"\\"[[[[[["}', 1)).toBe(false);
    expect(t('[[],[],[],[]]', 2)).toBe(false);
    expect(t('"just a string"', 0)).toBe(false);
  });
});
