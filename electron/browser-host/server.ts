// The browser host: the same gate service as the Electron shell, served to Chromium on 127.0.0.1.
//   POST /api/v1/<channel>  JSON args → JSON Result (always HTTP 200 once the request is ours)
//   GET  /*                 the renderer build, with the strict CSP
// Only loopback; only requests whose Host is our loopback name (DNS rebinding); only our Origin; and
// every API call must carry the per-launch token that is injected into index.html (other local pages
// cannot read it, and cannot send a custom header cross-origin without a preflight we never answer).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { API_PREFIX, API_TOKEN_HEADER } from '../contract/kiosk-api';
import { bilingual, type Bilingual } from '../../sync/protocol/bilingual';
import { hardeningHeaders } from '../security/csp';
import { isAllowedHostHeader, isAllowedOrigin, isLoopbackAddress } from '../security/loopback';
import { loadStatic } from './static-files';

export interface Dispatcher {
  dispatch(channel: string, args: unknown): Promise<unknown>;
}

export interface BrowserHostOptions {
  service: Dispatcher;
  /** the renderer build folder (dist/renderer) */
  rendererDir: string;
  port?: number;
  host?: string;
  /** fixed token for tests; default random per launch */
  token?: string;
  /** largest accepted API body (a selfie is the biggest) */
  maxBodyBytes?: number;
  onError?: (event: string, fields: Record<string, unknown>) => void;
}

export interface BrowserHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function refuse(res: http.ServerResponse, status: number, code: string, message: Bilingual): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...hardeningHeaders() });
  res.end(JSON.stringify({ ok: false, error: { code, message: bilingual(message) } }));
}

function sameToken(given: string | string[] | undefined, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) over = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(over ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startBrowserHost(opts: BrowserHostOptions): Promise<BrowserHost> {
  const host = opts.host ?? '127.0.0.1';
  if (!isLoopbackAddress(host)) throw new Error(`browser host listens on loopback only, not ${host}`);
  const token = opts.token ?? randomBytes(32).toString('base64url');
  const maxBody = opts.maxBodyBytes ?? 6 * 1024 * 1024;
  let port = 0;

  const server = http.createServer((req, res) => {
    void (async () => {
      if (!isAllowedHostHeader(req.headers.host, port)) return refuse(res, 403, 'FORBIDDEN_HOST', { id: 'Host salah', en: 'Wrong host' });
      const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
      if (url.pathname.startsWith(`${API_PREFIX}/`)) {
        if (req.method !== 'POST') return refuse(res, 405, 'METHOD', { id: 'Gunakan POST', en: 'Use POST' });
        if (!isAllowedOrigin(req.headers.origin, port)) return refuse(res, 403, 'FORBIDDEN_ORIGIN', { id: 'Asal permintaan asing', en: 'Foreign origin' });
        if (!sameToken(req.headers[API_TOKEN_HEADER], token)) return refuse(res, 403, 'FORBIDDEN', { id: 'Token API tidak ada atau salah', en: 'Missing or wrong API token' });
        if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
          return refuse(res, 415, 'BAD_CONTENT_TYPE', { id: 'Kirim JSON', en: 'Send JSON' });
        }
        const body = await readBody(req, maxBody);
        if (body === 'too-large') return refuse(res, 413, 'TOO_LARGE', { id: 'Permintaan terlalu besar', en: 'Request too large' });
        let args: unknown;
        try {
          args = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
        } catch {
          return refuse(res, 400, 'BAD_JSON', { id: 'Permintaan bukan JSON yang valid', en: 'The request is not valid JSON' });
        }
        const channel = url.pathname.slice(API_PREFIX.length + 1);
        const result = await opts.service.dispatch(channel, args);
        res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...hardeningHeaders() });
        res.end(JSON.stringify(result));
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'METHOD', { id: 'Metode tidak diizinkan', en: 'Method not allowed' });
      const answer = await loadStatic(opts.rendererDir, url.pathname, token);
      res.writeHead(answer.status, {
        'Content-Type': answer.type,
        'Content-Length': String(answer.body.length),
        'Cache-Control': answer.isIndex || answer.status !== 200 ? 'no-store' : 'no-cache',
        ...hardeningHeaders(),
      });
      res.end(req.method === 'HEAD' ? undefined : answer.body);
    })().catch((err: unknown) => {
      opts.onError?.('browser_host.failed', { error: err instanceof Error ? err.message : String(err) });
      if (!res.headersSent) refuse(res, 500, 'INTERNAL', { id: 'Kesalahan internal', en: 'Internal error' });
      else res.end();
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 60_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const shown = host === '::1' ? '[::1]' : host;
  return {
    url: `http://${shown}:${port}/`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
