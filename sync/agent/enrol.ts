// Provisioning: a kiosk joins the city with a server URL and a one-time code. It generates its own
// Ed25519 key pair (the private key never leaves the device), sends the public key with the code, and
// stores what it gets back: device id, venue, gate, configuration, the pinned city keys and the NIK
// hash key. Every failure says which of the few things went wrong, in words IT staff can act on.
import type { EnrolResponse as EnrolResponseT } from '../protocol/api/enrol';
import { generateEd25519KeyPair } from '../protocol/crypto';
import { HttpClient, isTlsErrorCode } from './http-client';
import type { DeviceConfigInput, SyncStorePort } from './ports';
import type { Bilingual } from '../protocol/bilingual';
import { applyVenuePolicy } from './venue-policy';

export type ProvisioningErrorCode =
  | 'BAD_URL'
  | 'INSECURE_URL'
  | 'BAD_CODE'
  | 'EXPIRED_CODE'
  | 'CODE_ALREADY_USED'
  | 'UNREACHABLE'
  | 'TLS_ERROR'
  | 'WRONG_SERVER'
  | 'SERVER_ERROR'
  | 'ALREADY_ENROLLED';

const MESSAGES: Record<ProvisioningErrorCode, Bilingual> = {
  BAD_URL: { id: 'Alamat server tidak valid (harus diawali https:// atau http://)', en: 'The server address is not valid (it must start with https:// or http://)' },
  INSECURE_URL: {
    id: 'Alamat server harus diawali https:// (http:// hanya untuk server di perangkat ini, atau mode pengembangan)',
    en: 'The server address must start with https:// (http:// only for a server on this device, or in development mode)',
  },
  BAD_CODE: { id: 'Kode pendaftaran salah. Periksa kembali kodenya', en: 'Wrong enrolment code. Check the code and try again' },
  EXPIRED_CODE: { id: 'Kode pendaftaran sudah kedaluwarsa. Minta kode baru', en: 'The enrolment code has expired. Ask for a new code' },
  CODE_ALREADY_USED: { id: 'Kode pendaftaran sudah dipakai. Minta kode baru', en: 'The enrolment code has already been used. Ask for a new code' },
  UNREACHABLE: { id: 'Server tidak dapat dihubungi. Periksa jaringan dan alamat server', en: 'The server cannot be reached. Check the network and the server address' },
  TLS_ERROR: { id: 'Sertifikat keamanan server tidak dapat dipercaya', en: 'The server\u2019s security certificate cannot be trusted' },
  WRONG_SERVER: { id: 'Alamat ini bukan server Jejak', en: 'This address is not a Jejak server' },
  SERVER_ERROR: { id: 'Server sedang bermasalah. Coba lagi nanti', en: 'The server has a problem. Try again later' },
  ALREADY_ENROLLED: { id: 'Perangkat ini sudah terdaftar', en: 'This device is already enrolled' },
};

export class ProvisioningError extends Error {
  readonly code: ProvisioningErrorCode;
  readonly messages: Bilingual;
  /** technical detail for logs (never personal data) */
  readonly detail: string;
  constructor(code: ProvisioningErrorCode, detail = '') {
    super(`${code}: ${MESSAGES[code].en}${detail ? ` (${detail})` : ''}`);
    this.name = 'ProvisioningError';
    this.code = code;
    this.messages = MESSAGES[code];
    this.detail = detail;
  }
}

export interface EnrolOptions {
  deviceName?: string;
  appVersion?: string;
  timeoutMs?: number;
  /** trusted CA for a city server with its own certificate authority */
  ca?: string | Buffer;
  /** device time, ms (injectable clock) */
  now?: () => number;
  /** re-enrol a device that already has a configuration (IT replaced the server or venue) */
  force?: boolean;
  /**
   * development only: accept http:// for a server on another machine. On-the-spot registrations carry
   * a NIK and a name, so outside development http:// is for loopback alone (default: the environment's
   * JEJAK_ALLOW_INSECURE_HTTP=1).
   */
  allowInsecureHttp?: boolean;
}

export interface EnrolResult {
  deviceId: string;
  venueId: string;
  venueName: string;
  gateId: string;
  /** the gate's display name (the store keeps only its id) */
  gateName: string;
  cityKeyIds: string[];
  clockOffsetMs: number;
}

/** 127.0.0.0/8, ::1 and localhost: traffic that never leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** The server address as stored: https://, or http:// for loopback (or with the development flag). */
export function normaliseServerUrl(serverUrl: string, allowInsecureHttp = process.env.JEJAK_ALLOW_INSECURE_HTTP === '1'): string {
  let u: URL;
  try {
    u = new URL(serverUrl.trim());
  } catch {
    throw new ProvisioningError('BAD_URL', 'unparseable');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new ProvisioningError('BAD_URL', u.protocol);
  if (u.protocol === 'http:' && !isLoopbackHost(u.hostname) && !allowInsecureHttp) throw new ProvisioningError('INSECURE_URL', u.hostname);
  return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
}

/** Turns the server's answer into the device configuration the store keeps. */
export function configFromEnrolment(res: EnrolResponseT, serverUrl: string, keys: { publicKey: string; privateKey: string }, clockOffsetMs: number, measuredAt: string): DeviceConfigInput {
  return {
    deviceId: res.deviceId,
    venueId: res.venue.id,
    venueName: res.venue.name,
    gateId: res.gate.id,
    gateMode: res.gate.direction === 'EXIT' ? 'exit' : 'entry',
    serverUrl,
    cityPublicKeys: Object.fromEntries(res.cityKeys.map((k) => [k.keyId, k.publicKey])),
    nikHashKey: res.nikHashKey,
    devicePublicKey: keys.publicKey,
    devicePrivateKey: keys.privateKey,
    policy: { sync: res.config, venueRegion: res.venue.region, gateDirection: res.gate.direction },
    venueCapacity: res.venue.capacity,
    dwellMinutes: res.venue.dwellMinutes,
    clockOffsetMs,
    clockOffsetMeasuredAt: measuredAt,
  };
}

export async function enrol(store: SyncStorePort, serverUrl: string, code: string, opts: EnrolOptions = {}): Promise<EnrolResult> {
  const url = normaliseServerUrl(serverUrl, opts.allowInsecureHttp);
  if (!opts.force && store.getDeviceConfig()) throw new ProvisioningError('ALREADY_ENROLLED');
  const now = opts.now ?? Date.now;
  const keys = generateEd25519KeyPair();
  const client = new HttpClient({ baseUrl: url, timeoutMs: opts.timeoutMs ?? 10_000, now, keepAlive: false, ...(opts.ca ? { ca: opts.ca } : {}) });
  const sentAt = now();
  const res = await client.call('enrol', {
    body: {
      code: code.trim(),
      publicKey: keys.publicKey,
      ...(opts.deviceName ? { deviceName: opts.deviceName } : {}),
      ...(opts.appVersion ? { appVersion: opts.appVersion } : {}),
    },
  });
  const receivedAt = now();
  if (!res.ok && res.kind === 'network') {
    if (isTlsErrorCode(res.code)) throw new ProvisioningError('TLS_ERROR', res.code);
    throw new ProvisioningError('UNREACHABLE', res.code);
  }
  if (!res.ok && res.kind === 'answer') throw new ProvisioningError('WRONG_SERVER', 'answer is not a Jejak enrolment');
  if (!res.ok) {
    switch (res.reasonCode) {
      case 'enrol_code_unknown': throw new ProvisioningError('BAD_CODE');
      case 'invalid_body': throw new ProvisioningError('BAD_CODE', 'code format');
      case 'enrol_code_expired': throw new ProvisioningError('EXPIRED_CODE');
      case 'enrol_code_used': throw new ProvisioningError('CODE_ALREADY_USED');
      case null: break;
      default:
        if (res.status >= 500 || res.status === 429) throw new ProvisioningError('SERVER_ERROR', `${res.status} ${res.reasonCode}`);
        throw new ProvisioningError('SERVER_ERROR', `${res.status} ${res.reasonCode}`);
    }
    // No Jejak error body: a 5xx from a proxy in front of the server, or some other web server.
    if (res.status >= 500) throw new ProvisioningError('SERVER_ERROR', `HTTP ${res.status}`);
    throw new ProvisioningError('WRONG_SERVER', `HTTP ${res.status}`);
  }
  const serverMs = Date.parse(res.data.serverTime);
  const offset = Math.round(serverMs - (sentAt + (receivedAt - sentAt) / 2));
  const config = configFromEnrolment(res.data, url, keys, offset, new Date(receivedAt).toISOString());
  store.saveDeviceConfig(config);
  const saved = store.getDeviceConfig();
  // The policy is verified on its own against the keys just pinned: a bad one leaves the defaults in
  // force with a staff alert, it does not refuse the enrolment.
  if (saved) applyVenuePolicy(store, saved, res.data.venuePolicy);
  return {
    deviceId: res.data.deviceId,
    venueId: res.data.venue.id,
    venueName: res.data.venue.name,
    gateId: res.data.gate.id,
    gateName: res.data.gate.name,
    cityKeyIds: res.data.cityKeys.map((k) => k.keyId),
    clockOffsetMs: offset,
  };
}
