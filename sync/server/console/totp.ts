// TOTP second factor (RFC 6238, 30 s steps, 6 digits, SHA-1 as authenticator apps expect) with the
// otpauth library. The secret is sealed at rest under the server's data key (sealing.ts).
import { Secret, TOTP } from 'otpauth';

const ISSUER = 'Jejak Kota Bogor';

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secretBase32: string, label: string): TOTP {
  return new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secretBase32) });
}

export function totpUri(secretBase32: string, username: string): string {
  return totp(secretBase32, username).toString();
}

/** One step either side is accepted (clock drift on the phone). */
export function verifyTotp(secretBase32: string, code: string, now: number): boolean {
  return totp(secretBase32, 'x').validate({ token: code, timestamp: now, window: 1 }) !== null;
}

export function totpCode(secretBase32: string, now: number): string {
  return totp(secretBase32, 'x').generate({ timestamp: now });
}
