// The agent's one HTTP door to the city server (axios). Every call has a timeout, never throws for an
// HTTP status or a network failure (both come back as values the retry policy classifies), signs the
// request when a signer is set, and reports a clock sample from each answer's Date header.
// `call(route, …)` is the typed door: the path, method, argument and answer types come from the /v1
// route table (sync/protocol/api/routes.ts), and a success answer is checked against the table's schema.
import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosInstance, type AxiosResponseHeaders, type RawAxiosResponseHeaders } from 'axios';
import { API_ROUTES, routePath } from '../protocol/api/routes';
import type { RouteBody, RouteName, RouteParams, RouteQuery, RouteResponse, RouteSpec } from '../protocol/api/routes';
import { offsetFromDateHeader, offsetFromServerTime, type ClockSample } from './clock';
import { parseRetryAfter } from './backoff';

export type RequestSigner = (req: { method: string; url: string; headers: Record<string, string>; body: Buffer | null }) => Record<string, string>;

export interface HttpClientOptions {
  baseUrl: string;
  /**
   * other URLs of the same city server (several server processes): a request that cannot reach the
   * current one (connection refused, reset, timeout — never an HTTP answer) is sent at once to the next;
   * the one that answered stays current, and the first URL is tried first again after PRIMARY_RETRY_MS.
   * Safe because every agent request is idempotent (visits by id, check-outs first wins, GETs).
   */
  fallbackUrls?: readonly string[];
  /** default per-request timeout, ms */
  timeoutMs?: number;
  /** device time, ms since epoch (the injectable clock) */
  now?: () => number;
  signer?: RequestSigner | null;
  onClockSample?: (sample: ClockSample, precise: boolean) => void;
  /** a self-signed city CA in test/on-prem setups; default: the system roots */
  ca?: string | Buffer;
  keepAlive?: boolean;
  userAgent?: string;
}

export type HttpResult =
  | { ok: true; status: number; data: unknown; raw: Buffer | null; headers: Record<string, string> }
  | {
      ok: false;
      kind: 'http';
      status: number;
      data: unknown;
      headers: Record<string, string>;
      /** the server's machine-readable reason (ErrorBody.error.code) if it sent one */
      reasonCode: string | null;
      retryAfterMs: number | null;
    }
  | { ok: false; kind: 'network'; code: string; message: string }
  /** (call only) a 2xx whose body is not what the route table says it returns: a captive portal, a proxy page, another server */
  | { ok: false; kind: 'answer'; status: number; detail: string };

export type HttpFailure = Exclude<HttpResult, { ok: true }>;

/** `name?: T` when every field of T is optional, `name: T` when some is required, absent when the route has none. */
type Arg<N extends string, T> = [T] extends [undefined] ? { [P in N]?: never } : object extends T ? { [P in N]?: T } : { [P in N]: T };

export type CallArgs<K extends RouteName> = Arg<'body', RouteBody<K>> & Arg<'query', RouteQuery<K>> & Arg<'params', RouteParams<K>> & {
  timeoutMs?: number;
  signal?: AbortSignal;
};

/** Success carries the table's answer type (bytes for a route that answers something else than JSON). */
export type CallResult<K extends RouteName> =
  | { ok: true; status: number; data: RouteResponse<K>; raw: Buffer | null; headers: Record<string, string> }
  | HttpFailure;

/** Options of `call` with nothing to fill (no body, query or params): the argument may be left out. */
type CallRest<K extends RouteName> = object extends CallArgs<K> ? [args?: CallArgs<K>] : [args: CallArgs<K>];

export interface RequestOptions {
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  timeoutMs?: number;
  /** keep the raw bytes (chunk hashing): data is then the Buffer */
  raw?: boolean;
  signal?: AbortSignal;
}

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_NOT_YET_VALID', 'EPROTO',
  'ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'CERT_UNTRUSTED', 'CERT_SIGNATURE_FAILURE',
]);

export function isTlsErrorCode(code: string): boolean {
  return TLS_CODES.has(code) || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_');
}

function flatHeaders(h: RawAxiosResponseHeaders | AxiosResponseHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined || v === null) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

function errorBodyFields(data: unknown): { code: string | null; serverTime: number | null } {
  if (!data || typeof data !== 'object') return { code: null, serverTime: null };
  const d = data as { error?: { code?: unknown }; serverTime?: unknown };
  const code = typeof d.error?.code === 'string' ? d.error.code : null;
  const st = typeof d.serverTime === 'string' ? Date.parse(d.serverTime) : NaN;
  return { code, serverTime: Number.isNaN(st) ? null : st };
}

/** after moving to a fallback, how long before the first URL is tried first again */
export const PRIMARY_RETRY_MS = 5 * 60_000;

export class HttpClient {
  /** every URL of the server, the configured one first */
  readonly baseUrls: readonly string[];
  private active = 0;
  private movedAt = 0;
  private readonly axios: AxiosInstance;
  private readonly now: () => number;
  private readonly timeoutMs: number;
  signer: RequestSigner | null;
  private readonly onClockSample: HttpClientOptions['onClockSample'];

  constructor(opts: HttpClientOptions) {
    this.baseUrls = [opts.baseUrl, ...(opts.fallbackUrls ?? [])].map((u) => u.replace(/\/+$/, '')).filter((u, i, all) => all.indexOf(u) === i);
    this.now = opts.now ?? Date.now;
    this.timeoutMs = opts.timeoutMs ?? 15_000;
    this.signer = opts.signer ?? null;
    this.onClockSample = opts.onClockSample;
    const keepAlive = opts.keepAlive ?? true;
    this.axios = axios.create({
      validateStatus: () => true,
      maxRedirects: 0,
      // Chunks of a 1M-entry list are large; visits are ≤ 500 per batch.
      maxContentLength: 256 * 1024 * 1024,
      maxBodyLength: 64 * 1024 * 1024,
      httpAgent: new http.Agent({ keepAlive, maxSockets: 4 }),
      httpsAgent: new https.Agent({ keepAlive, maxSockets: 4, ...(opts.ca ? { ca: opts.ca } : {}) }),
      headers: { 'user-agent': opts.userAgent ?? 'jejak-kiosk-sync/1' },
      // We serialise JSON ourselves: the signed Content-Digest must cover exactly the bytes sent.
      transformRequest: [(d: unknown) => d],
      transitional: { clarifyTimeoutError: true },
    });
  }

  /** the URL requests go to now */
  get baseUrl(): string {
    return this.baseUrls[this.active]!;
  }

  /** One /v1 route by its name in the route table. */
  async call<K extends RouteName>(route: K, ...rest: CallRest<K>): Promise<CallResult<K>> {
    const args = (rest[0] ?? {}) as { body?: unknown; query?: Record<string, string | number | undefined>; params?: Record<string, string | number>; timeoutMs?: number; signal?: AbortSignal };
    const spec: RouteSpec = API_ROUTES[route];
    const schema = spec.response.schema;
    const res = await this.request(spec.method, routePath(route, args.params), {
      ...(args.query ? { query: args.query } : {}),
      ...(args.body !== undefined ? { body: args.body } : {}),
      ...(args.timeoutMs ? { timeoutMs: args.timeoutMs } : {}),
      ...(args.signal ? { signal: args.signal } : {}),
      raw: schema === null,
    });
    if (!res.ok || schema === null) return res as CallResult<K>;
    const parsed = schema.safeParse(res.data);
    if (!parsed.success) {
      const detail = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      return { ok: false, kind: 'answer', status: res.status, detail };
    }
    return { ...res, data: parsed.data as RouteResponse<K> };
  }

  async request(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, opts: RequestOptions = {}): Promise<HttpResult> {
    if (this.active !== 0 && this.now() - this.movedAt >= PRIMARY_RETRY_MS) this.active = 0;
    const start = this.active;
    let first: HttpResult | null = null;
    for (let k = 0; k < this.baseUrls.length; k++) {
      const i = (start + k) % this.baseUrls.length;
      first = await this.requestOnce(method, path, opts, this.baseUrls[i]!);
      // Only "could not reach it" moves on; an HTTP answer (even 5xx) is the server speaking, and an abort is ours.
      if (first.ok || first.kind !== 'network' || first.code === 'ABORTED' || opts.signal?.aborted) {
        if (i !== this.active) {
          this.active = i;
          this.movedAt = this.now();
        }
        break;
      }
    }
    return this.withClockRetry(method, path, opts, first!);
  }

  private async withClockRetry(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, opts: RequestOptions, first: HttpResult): Promise<HttpResult> {
    // A 401 clock_skew carries the server's time: the sample above has corrected our offset, so one
    // immediate retry signed with the corrected clock gets through (a kiosk a day off is not locked out).
    if (!first.ok && first.kind === 'http' && first.status === 401 && first.reasonCode === 'clock_skew' && this.signer) {
      return this.requestOnce(method, path, opts, this.baseUrl);
    }
    return first;
  }

  private async requestOnce(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, opts: RequestOptions, base: string): Promise<HttpResult> {
    const qs = opts.query
      ? Object.entries(opts.query)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
          .join('&')
      : '';
    const pathWithQuery = qs ? `${path}?${qs}` : path;
    const body = opts.body === undefined ? null : Buffer.from(JSON.stringify(opts.body), 'utf8');
    let headers: Record<string, string> = { accept: 'application/json' };
    if (body) headers['content-type'] = 'application/json';
    if (this.signer) headers = { ...headers, ...this.signer({ method, url: `${base}${pathWithQuery}`, headers, body }) };
    const sentAt = this.now();
    try {
      const res = await this.axios.request({
        method,
        url: `${base}${pathWithQuery}`,
        data: body ?? undefined,
        headers,
        timeout: opts.timeoutMs ?? this.timeoutMs,
        responseType: 'arraybuffer',
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
      const receivedAt = this.now();
      const resHeaders = flatHeaders(res.headers);
      const rawBuf = Buffer.from(res.data as ArrayBuffer);
      let data: unknown = rawBuf;
      if (!opts.raw || res.status >= 300) {
        const text = rawBuf.toString('utf8');
        try {
          data = text.length ? JSON.parse(text) : null;
        } catch {
          data = text;
        }
      }
      const sample = offsetFromDateHeader(resHeaders['date'], sentAt, receivedAt);
      if (res.status >= 200 && res.status < 300) {
        if (sample) this.onClockSample?.(sample, false);
        return { ok: true, status: res.status, data, raw: opts.raw ? rawBuf : null, headers: resHeaders };
      }
      const eb = errorBodyFields(data);
      if (eb.serverTime !== null) this.onClockSample?.(offsetFromServerTime(eb.serverTime, sentAt, receivedAt), true);
      else if (sample) this.onClockSample?.(sample, false);
      return {
        ok: false,
        kind: 'http',
        status: res.status,
        data,
        headers: resHeaders,
        reasonCode: eb.code,
        retryAfterMs: parseRetryAfter(resHeaders['retry-after'], receivedAt),
      };
    } catch (err) {
      const e = err as { code?: string; message?: string; cause?: { code?: string } };
      const code = e.code === 'ERR_CANCELED' ? 'ABORTED' : (e.cause?.code ?? e.code ?? 'ERROR');
      return { ok: false, kind: 'network', code, message: e.message ?? String(err) };
    }
  }
}
