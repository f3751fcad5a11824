// A minimal signed device client (node fetch) for the server's own tests, benches and smoke checks.
// The kiosk's real client is sync/agent; both sign with protocol/http-signature. Routes are named as in
// the /v1 route table (`call('visits', { body })`); the arguments are NOT typed, on purpose: tests send
// what the server must refuse. Answers are typed from the table (not checked: that is what tests do).
import { generateEd25519KeyPair } from '../protocol/crypto';
import { signRequest } from '../protocol/http-signature';
import type { EnrolResponse } from '../protocol/api/enrol';
import { API_ROUTES, routePath } from '../protocol/api/routes';
import type { RouteName, RouteResponse } from '../protocol/api/routes';

export interface DeviceIdentity {
  deviceId: string;
  privateKey: string;
  publicKey: string;
  enrolment: EnrolResponse;
}

export interface RawResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  bytes: Buffer;
}

async function toRaw<T>(res: Response): Promise<RawResponse<T>> {
  const bytes = Buffer.from(await res.arrayBuffer());
  let body: unknown = null;
  if ((res.headers.get('content-type') ?? '').includes('json') && bytes.length > 0) body = JSON.parse(bytes.toString('utf8'));
  return { status: res.status, headers: res.headers, body: body as T, bytes };
}

export async function enrolDevice(baseUrl: string, code: string, name = 'test-kiosk'): Promise<DeviceIdentity> {
  const kp = generateEd25519KeyPair();
  const res = await fetch(`${baseUrl}${routePath('enrol')}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, publicKey: kp.publicKey, deviceName: name, appVersion: 'test' }) });
  const raw = await toRaw<EnrolResponse>(res);
  if (raw.status !== 201) throw new Error(`enrol failed: ${raw.status} ${raw.bytes.toString('utf8')}`);
  return { deviceId: raw.body.deviceId, privateKey: kp.privateKey, publicKey: kp.publicKey, enrolment: raw.body };
}

/** A route's path parameters and query, as text or numbers (anything: the server validates). */
export interface RouteArgs {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  params?: Record<string, string | number>;
}

/** `/v1/...?...` of a route in the table with its params and query filled in. */
export function routeUrl(route: RouteName, args: Pick<RouteArgs, 'query' | 'params'> = {}): string {
  const qs = Object.entries(args.query ?? {})
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  const path = routePath(route, args.params);
  return qs ? `${path}?${qs}` : path;
}

export interface SignedCallOptions {
  /** unix ms used for `created` (default now) */
  now?: number;
  nonce?: string;
  /** send these headers instead of a fresh signature (replay tests) */
  headers?: Record<string, string>;
  rawBody?: string;
}

export class DeviceClient {
  constructor(
    readonly baseUrl: string,
    readonly identity: { deviceId: string; privateKey: string },
    /** the device's clock (signature `created`) */
    readonly now: () => number = Date.now,
  ) {}

  sign(method: string, pathAndQuery: string, body: string, opts: SignedCallOptions = {}): Record<string, string> {
    return signRequest({
      method, url: pathAndQuery, body, keyId: this.identity.deviceId, privateKey: this.identity.privateKey,
      created: Math.floor((opts.now ?? this.now()) / 1000), nonce: opts.nonce,
      headers: body.length > 0 ? { 'content-type': 'application/json' } : {},
    });
  }

  /** A signed request to a route of the table. */
  async call<K extends RouteName, T = RouteResponse<K>>(route: K, args: RouteArgs = {}, opts: SignedCallOptions = {}): Promise<RawResponse<T>> {
    // T: the table's success answer by default; a test that expects a refusal names the error body instead
    return this.request<T>(API_ROUTES[route].method, routeUrl(route, args), args.body, opts);
  }

  /** A signed request to any path (a path outside the table, a method it does not have). */
  async request<T = unknown>(method: 'GET' | 'POST', pathAndQuery: string, json?: unknown, opts: SignedCallOptions = {}): Promise<RawResponse<T>> {
    const body = opts.rawBody ?? (json === undefined ? '' : JSON.stringify(json));
    const headers = opts.headers ?? this.sign(method, pathAndQuery, body, opts);
    const res = await fetch(`${this.baseUrl}${pathAndQuery}`, { method, headers, ...(method === 'POST' ? { body } : {}) });
    return toRaw<T>(res);
  }
}
