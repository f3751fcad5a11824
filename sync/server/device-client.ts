// A minimal signed device client (node fetch) for the server's own tests, benches and smoke checks.
// The kiosk's real client is sync/agent; both sign with protocol/http-signature.
import { generateEd25519KeyPair } from '../protocol/crypto';
import { signRequest } from '../protocol/http-signature';
import type { EnrolResponse } from '../protocol/api/enrol';

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
  const res = await fetch(`${baseUrl}/v1/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, publicKey: kp.publicKey, deviceName: name, appVersion: 'test' }) });
  const raw = await toRaw<EnrolResponse>(res);
  if (raw.status !== 201) throw new Error(`enrol failed: ${raw.status} ${raw.bytes.toString('utf8')}`);
  return { deviceId: raw.body.deviceId, privateKey: kp.privateKey, publicKey: kp.publicKey, enrolment: raw.body };
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

  async call<T = unknown>(method: 'GET' | 'POST', pathAndQuery: string, json?: unknown, opts: SignedCallOptions = {}): Promise<RawResponse<T>> {
    const body = opts.rawBody ?? (json === undefined ? '' : JSON.stringify(json));
    const headers = opts.headers ?? this.sign(method, pathAndQuery, body, opts);
    const res = await fetch(`${this.baseUrl}${pathAndQuery}`, { method, headers, ...(method === 'POST' ? { body } : {}) });
    return toRaw<T>(res);
  }
}
