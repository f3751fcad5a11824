// RFC 9421 HTTP Message Signatures, the subset the kiosk and the city server use (Ed25519), plus
// RFC 9530 Content-Digest. Pure computation: both sides build the same signature base from the
// request's method, path, query and body digest.
//
// Every device request covers ("@method" "@path" "@query" "content-digest") with the parameters
// created, keyid (= device id), nonce and alg="ed25519". GETs carry the digest of the empty body.
import { createHash, randomBytes } from 'node:crypto';
import { b64u, signEd25519, verifyEd25519 } from './crypto';

export const SIGNATURE_LABEL = 'jejak';
export const DEVICE_COVERED_COMPONENTS = ['@method', '@path', '@query', 'content-digest'] as const;
export const DEVICE_REQUIRED_PARAMS = ['created', 'keyid', 'nonce'] as const;
/** |created − server time| beyond this is refused (reason clock_skew). */
export const MAX_SIGNATURE_SKEW_SECONDS = 300;

export type HeaderBag = Record<string, string | string[] | undefined>;

export interface SignableRequest {
  method: string;
  /** absolute URL, or origin-form path with optional query ("/v1/visits?x=1") */
  url: string;
  headers: HeaderBag;
}

// ---------------------------------------------------------------- Content-Digest (RFC 9530)

export function contentDigest(body: Uint8Array | string = ''): string {
  return `sha-256=:${createHash('sha256').update(body).digest('base64')}:`;
}

/** true when one sha-256 member of the Content-Digest header matches the body. */
export function contentDigestMatches(header: string, body: Uint8Array | string = ''): boolean {
  const expected = createHash('sha256').update(body).digest('base64');
  const parsed = parseDictionary(header);
  if (!parsed) return false;
  const member = parsed.get('sha-256');
  return member !== undefined && member.kind === 'bytes' && member.value === expected;
}

// ---------------------------------------------------------------- structured fields (RFC 8941 subset)

type Bare = string | number | boolean;
type Item =
  | { kind: 'string' | 'token'; value: string }
  | { kind: 'integer'; value: number }
  | { kind: 'bytes'; value: string }
  | { kind: 'boolean'; value: boolean };
interface Member {
  kind: Item['kind'] | 'innerList';
  value: Bare;
  items: Array<{ value: string; params: Map<string, Bare> }>;
  params: Map<string, Bare>;
  /** the member's serialization as received (after `key=`) */
  raw: string;
}

class Cursor {
  i = 0;
  constructor(readonly s: string) {}
  peek(): string {
    return this.s[this.i] ?? '';
  }
  skipSpaces(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.i++;
  }
  eof(): boolean {
    return this.i >= this.s.length;
  }
}

function parseKey(c: Cursor): string | null {
  const m = /^[a-z*][a-z0-9_\-.*]*/.exec(c.s.slice(c.i));
  if (!m) return null;
  c.i += m[0].length;
  return m[0];
}

function parseBareItem(c: Cursor): Item | null {
  const ch = c.peek();
  if (ch === '"') {
    let out = '';
    c.i++;
    while (!c.eof()) {
      const x = c.s[c.i++]!;
      if (x === '\\') {
        const n = c.s[c.i++];
        if (n !== '"' && n !== '\\') return null;
        out += n;
      } else if (x === '"') return { kind: 'string', value: out };
      else if (x < ' ' || x > '~') return null;
      else out += x;
    }
    return null;
  }
  if (ch === ':') {
    const end = c.s.indexOf(':', c.i + 1);
    if (end < 0) return null;
    const v = c.s.slice(c.i + 1, end);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(v)) return null;
    c.i = end + 1;
    return { kind: 'bytes', value: v };
  }
  if (ch === '?') {
    const v = c.s[c.i + 1];
    if (v !== '0' && v !== '1') return null;
    c.i += 2;
    return { kind: 'boolean', value: v === '1' };
  }
  const num = /^-?\d{1,15}(?![.\d])/.exec(c.s.slice(c.i));
  if (num) {
    c.i += num[0].length;
    return { kind: 'integer', value: Number(num[0]) };
  }
  const tok = /^[A-Za-z*][A-Za-z0-9!#$%&'*+\-.^_`|~:/]*/.exec(c.s.slice(c.i));
  if (tok) {
    c.i += tok[0].length;
    return { kind: 'token', value: tok[0] };
  }
  return null;
}

function parseParams(c: Cursor): Map<string, Bare> | null {
  const params = new Map<string, Bare>();
  while (c.peek() === ';') {
    c.i++;
    c.skipSpaces();
    const key = parseKey(c);
    if (!key) return null;
    let value: Bare = true;
    if (c.peek() === '=') {
      c.i++;
      const item = parseBareItem(c);
      if (!item) return null;
      value = item.value;
    }
    params.set(key, value);
  }
  return params;
}

function parseMember(c: Cursor): Member | null {
  const start = c.i;
  if (c.peek() === '(') {
    c.i++;
    const items: Member['items'] = [];
    for (;;) {
      c.skipSpaces();
      if (c.peek() === ')') {
        c.i++;
        break;
      }
      const item = parseBareItem(c);
      if (!item || item.kind !== 'string') return null;
      const p = parseParams(c);
      if (!p) return null;
      items.push({ value: item.value, params: p });
      if (c.peek() !== ' ' && c.peek() !== ')') return null;
    }
    const params = parseParams(c);
    if (!params) return null;
    return { kind: 'innerList', value: '', items, params, raw: c.s.slice(start, c.i) };
  }
  const item = parseBareItem(c);
  if (!item) return null;
  const params = parseParams(c);
  if (!params) return null;
  return { kind: item.kind, value: item.value, items: [], params, raw: c.s.slice(start, c.i) };
}

/** Parses an RFC 8941 dictionary; null when malformed. */
export function parseDictionary(input: string): Map<string, Member> | null {
  const c = new Cursor(input.trim());
  const out = new Map<string, Member>();
  if (c.eof()) return out;
  for (;;) {
    c.skipSpaces();
    const key = parseKey(c);
    if (!key) return null;
    if (c.peek() !== '=') return null;
    c.i++;
    const member = parseMember(c);
    if (!member) return null;
    out.set(key, member);
    c.skipSpaces();
    if (c.eof()) return out;
    if (c.peek() !== ',') return null;
    c.i++;
  }
}

function serializeString(v: string): string {
  return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

// ---------------------------------------------------------------- signature base (RFC 9421 §2)

function headerValue(headers: HeaderBag, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() !== lower || v === undefined) continue;
    const values = Array.isArray(v) ? v : [v];
    return values.map((x) => x.trim()).join(', ');
  }
  return undefined;
}

function splitUrl(url: string): URL {
  return new URL(url, 'http://placeholder.invalid');
}

function componentValue(name: string, req: SignableRequest): string | undefined {
  const u = splitUrl(req.url);
  const absolute = /^https?:\/\//i.test(req.url);
  switch (name) {
    case '@method':
      return req.method.toUpperCase();
    case '@path':
      return u.pathname || '/';
    case '@query': {
      const q = req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1).split('#')[0]! : '';
      return `?${q}`;
    }
    case '@authority':
      return absolute ? u.host.toLowerCase() : headerValue(req.headers, 'host')?.toLowerCase();
    case '@scheme':
      return absolute ? u.protocol.replace(':', '').toLowerCase() : undefined;
    case '@target-uri':
      return absolute ? req.url : undefined;
    case '@request-target':
      return `${u.pathname}${u.search}`;
    default:
      if (name.startsWith('@')) return undefined;
      return headerValue(req.headers, name);
  }
}

export interface SignatureParams {
  created?: number;
  expires?: number;
  keyid?: string;
  nonce?: string;
  alg?: string;
  tag?: string;
}

/** Serialises the inner list with parameters in the given order (RFC 9421 §2.3). */
export function serializeSignatureParams(components: readonly string[], params: SignatureParams): string {
  let out = `(${components.map(serializeString).join(' ')})`;
  for (const key of ['created', 'expires', 'keyid', 'nonce', 'alg', 'tag'] as const) {
    const v = params[key];
    if (v === undefined) continue;
    out += `;${key}=${typeof v === 'number' ? String(v) : serializeString(v)}`;
  }
  return out;
}

/** The signature base, or the name of the first component missing from the request. */
export function signatureBase(
  req: SignableRequest,
  components: readonly string[],
  signatureParamsSerialized: string,
): { ok: true; base: string } | { ok: false; missing: string } {
  const lines: string[] = [];
  for (const name of components) {
    const v = componentValue(name, req);
    if (v === undefined) return { ok: false, missing: name };
    lines.push(`${serializeString(name)}: ${v}`);
  }
  lines.push(`"@signature-params": ${signatureParamsSerialized}`);
  return { ok: true, base: lines.join('\n') };
}

// ---------------------------------------------------------------- signing (kiosk side)

export interface SignRequestInput {
  method: string;
  url: string;
  body?: Uint8Array | string;
  /** the device id */
  keyId: string;
  /** base64url Ed25519 seed */
  privateKey: string;
  /** unix seconds; default now */
  created?: number;
  nonce?: string;
  /** extra headers to send (e.g. content-type); signed ones are added to the result */
  headers?: Record<string, string>;
  label?: string;
  components?: readonly string[];
}

/** Returns the headers to send: the given ones plus content-digest, signature-input, signature. */
export function signRequest(input: SignRequestInput): Record<string, string> {
  const headers: Record<string, string> = { ...(input.headers ?? {}) };
  headers['content-digest'] = contentDigest(input.body ?? '');
  const components = input.components ?? DEVICE_COVERED_COMPONENTS;
  const params: SignatureParams = {
    created: input.created ?? Math.floor(Date.now() / 1000),
    keyid: input.keyId,
    nonce: input.nonce ?? b64u.encode(randomBytes(16)),
    alg: 'ed25519',
  };
  const serialized = serializeSignatureParams(components, params);
  const base = signatureBase({ method: input.method, url: input.url, headers }, components, serialized);
  if (!base.ok) throw new Error(`cannot sign: component ${base.missing} is missing`);
  const label = input.label ?? SIGNATURE_LABEL;
  const sig = Buffer.from(signEd25519(input.privateKey, base.base), 'base64url').toString('base64');
  headers['signature-input'] = `${label}=${serialized}`;
  headers.signature = `${label}=:${sig}:`;
  return headers;
}

// ---------------------------------------------------------------- verification (server side)

export type SignatureFailureCode = 'sig_missing' | 'sig_malformed' | 'sig_invalid' | 'digest_missing' | 'digest_mismatch' | 'clock_skew';

export interface ParsedSignature {
  label: string;
  components: string[];
  params: { created: number; keyid: string; nonce: string; alg?: string; expires?: number };
  /** raw bytes of the signature */
  signature: Buffer;
  /** the @signature-params value exactly as received */
  serializedParams: string;
}

/**
 * Reads Signature-Input/Signature and checks that the device profile is met (covered components,
 * created/keyid/nonce present, alg ed25519 if given). Does not verify anything cryptographic yet.
 */
export function parseDeviceSignature(headers: HeaderBag): { ok: true; value: ParsedSignature } | { ok: false; code: SignatureFailureCode; detail: string } {
  const inputHeader = headerValue(headers, 'signature-input');
  const sigHeader = headerValue(headers, 'signature');
  if (!inputHeader || !sigHeader) return { ok: false, code: 'sig_missing', detail: 'Signature-Input and Signature headers are required' };
  const inputs = parseDictionary(inputHeader);
  const sigs = parseDictionary(sigHeader);
  if (!inputs || !sigs) return { ok: false, code: 'sig_malformed', detail: 'Signature-Input or Signature is not a structured dictionary' };
  const label = inputs.has(SIGNATURE_LABEL) ? SIGNATURE_LABEL : [...inputs.keys()][0];
  if (!label) return { ok: false, code: 'sig_missing', detail: 'no signature in Signature-Input' };
  const input = inputs.get(label)!;
  const sig = sigs.get(label);
  if (input.kind !== 'innerList') return { ok: false, code: 'sig_malformed', detail: `Signature-Input ${label} is not an inner list` };
  if (!sig || sig.kind !== 'bytes') return { ok: false, code: 'sig_malformed', detail: `Signature ${label} is missing or not a byte sequence` };
  const components = input.items.map((i) => i.value);
  if (input.items.some((i) => i.params.size > 0)) return { ok: false, code: 'sig_malformed', detail: 'component parameters are not supported' };
  if (!components.includes('content-digest')) return { ok: false, code: 'digest_missing', detail: 'content-digest must be covered' };
  for (const c of DEVICE_COVERED_COMPONENTS) {
    if (!components.includes(c)) return { ok: false, code: 'sig_malformed', detail: `covered components must include ${c}` };
  }
  const created = input.params.get('created');
  const keyid = input.params.get('keyid');
  const nonce = input.params.get('nonce');
  const alg = input.params.get('alg');
  const expires = input.params.get('expires');
  if (typeof created !== 'number' || !Number.isInteger(created)) return { ok: false, code: 'sig_malformed', detail: 'created (integer) is required' };
  if (typeof keyid !== 'string' || keyid.length === 0 || keyid.length > 128) return { ok: false, code: 'sig_malformed', detail: 'keyid is required' };
  if (typeof nonce !== 'string' || nonce.length < 8 || nonce.length > 128) return { ok: false, code: 'sig_malformed', detail: 'nonce (8–128 chars) is required' };
  if (alg !== undefined && alg !== 'ed25519') return { ok: false, code: 'sig_malformed', detail: 'alg must be ed25519' };
  if (expires !== undefined && typeof expires !== 'number') return { ok: false, code: 'sig_malformed', detail: 'expires must be an integer' };
  const signature = Buffer.from(String(sig.value), 'base64');
  if (signature.length !== 64) return { ok: false, code: 'sig_malformed', detail: 'an Ed25519 signature is 64 bytes' };
  return {
    ok: true,
    value: {
      label,
      components,
      params: { created, keyid, nonce, ...(typeof alg === 'string' ? { alg } : {}), ...(typeof expires === 'number' ? { expires } : {}) },
      signature,
      serializedParams: input.raw,
    },
  };
}

export interface VerifyDeviceRequestInput {
  request: SignableRequest;
  body: Uint8Array | string;
  parsed: ParsedSignature;
  /** the device's base64url Ed25519 public key */
  publicKey: string;
  /** server clock, unix ms */
  nowMs: number;
  maxSkewSeconds?: number;
}

/**
 * Checks the time window, that a Content-Digest header is there, and the Ed25519 signature over the
 * covered components, without the body: the signature covers the digest header, not the bytes, so a
 * server can authenticate a request before reading its body (then compare the digest with the bytes,
 * bodyMatchesDigest, before parsing them). Nonce replay is the caller's (needs storage).
 */
export function verifyDeviceSignature(input: Omit<VerifyDeviceRequestInput, 'body'>): { ok: true } | { ok: false; code: SignatureFailureCode; detail: string } {
  const { parsed, request } = input;
  const skew = input.maxSkewSeconds ?? MAX_SIGNATURE_SKEW_SECONDS;
  const nowS = input.nowMs / 1000;
  if (Math.abs(nowS - parsed.params.created) > skew) {
    return { ok: false, code: 'clock_skew', detail: `created is ${Math.round(parsed.params.created - nowS)} s from server time` };
  }
  if (parsed.params.expires !== undefined && parsed.params.expires < nowS - skew) return { ok: false, code: 'clock_skew', detail: 'signature expired' };
  if (!headerValue(request.headers, 'content-digest')) return { ok: false, code: 'digest_missing', detail: 'Content-Digest header is missing' };
  const base = signatureBase(request, parsed.components, parsed.serializedParams);
  if (!base.ok) return { ok: false, code: 'sig_malformed', detail: `covered component ${base.missing} is not in the request` };
  if (!verifyEd25519(input.publicKey, base.base, b64u.encode(parsed.signature))) {
    return { ok: false, code: 'sig_invalid', detail: 'Ed25519 signature does not verify for this device key' };
  }
  return { ok: true };
}

/** The body's bytes against the (signed) Content-Digest header. */
export function bodyMatchesDigest(headers: HeaderBag, body: Uint8Array | string): { ok: true } | { ok: false; code: SignatureFailureCode; detail: string } {
  const digestHeader = headerValue(headers, 'content-digest');
  if (!digestHeader) return { ok: false, code: 'digest_missing', detail: 'Content-Digest header is missing' };
  if (!contentDigestMatches(digestHeader, body)) return { ok: false, code: 'digest_mismatch', detail: 'sha-256 of the body differs from Content-Digest' };
  return { ok: true };
}

/** Time window, Content-Digest, Ed25519 signature and the body against its digest. */
export function verifyDeviceRequest(input: VerifyDeviceRequestInput): { ok: true } | { ok: false; code: SignatureFailureCode; detail: string } {
  const sig = verifyDeviceSignature(input);
  if (!sig.ok) return sig;
  return bodyMatchesDigest(input.request.headers, input.body);
}
