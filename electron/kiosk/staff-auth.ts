// Staff sessions: a PIN unlocks a short-lived random token; repeated wrong PINs lock the panel for a while.
// Tokens live in memory only (a restart logs staff out, which is what a kiosk wants).
import { randomBytes } from 'node:crypto';
import { verifyPin } from './pin';
import { KioskError, pinWrongError } from './messages';

export interface StaffAuthOptions {
  now: () => number;
  /** token lifetime since last use, ms (default 5 min) */
  idleMs?: number;
  /** wrong PINs in a row before lockout (default 5) */
  maxAttempts?: number;
  /** lockout length, ms (default 5 min); doubles with each further lockout */
  lockoutMs?: number;
}

export interface StaffSession {
  token: string;
  expiresAt: number;
  role: 'staff' | 'admin';
}

export interface StaffAuth {
  /** Throws PIN_LOCKED or PIN_WRONG. `pinHashes` are the hashes that unlock, with the role each grants. */
  unlock(pin: string, pinHashes: Array<{ hash: string; role: 'staff' | 'admin' }>): StaffSession;
  /** Throws TOKEN_INVALID; a successful check extends the idle window. */
  require(token: string): StaffSession;
  /** Checks a PIN with the same lockout (exit kiosk with the admin PIN). */
  checkPin(pin: string, hashes: string[]): void;
  lock(token: string): void;
  lockedUntil(): number | null;
}

export function createStaffAuth(opts: StaffAuthOptions): StaffAuth {
  const idleMs = opts.idleMs ?? 5 * 60_000;
  const maxAttempts = opts.maxAttempts ?? 5;
  const lockoutMs = opts.lockoutMs ?? 5 * 60_000;
  const sessions = new Map<string, StaffSession>();
  let failures = 0;
  let lockouts = 0;
  let lockedUntil = 0;

  function guard(): void {
    if (opts.now() < lockedUntil) throw KioskError.of('PIN_LOCKED');
  }

  function wrong(): never {
    failures += 1;
    if (failures >= maxAttempts) {
      lockedUntil = opts.now() + lockoutMs * 2 ** Math.min(lockouts, 6);
      lockouts += 1;
      failures = 0;
      throw KioskError.of('PIN_LOCKED');
    }
    throw pinWrongError(maxAttempts - failures);
  }

  function sweep(): void {
    const now = opts.now();
    for (const [t, s] of sessions) if (s.expiresAt <= now) sessions.delete(t);
  }

  return {
    unlock(pin, pinHashes) {
      guard();
      const hit = pinHashes.find((h) => verifyPin(pin, h.hash));
      if (!hit) wrong();
      failures = 0;
      lockouts = 0;
      sweep();
      const session: StaffSession = { token: randomBytes(24).toString('base64url'), expiresAt: opts.now() + idleMs, role: hit.role };
      sessions.set(session.token, session);
      return { ...session };
    },
    require(token) {
      const s = sessions.get(token);
      const now = opts.now();
      if (!s || s.expiresAt <= now) {
        sessions.delete(token);
        throw KioskError.of('TOKEN_INVALID');
      }
      s.expiresAt = now + idleMs;
      return { ...s };
    },
    checkPin(pin, hashes) {
      guard();
      if (!hashes.some((h) => verifyPin(pin, h))) wrong();
      failures = 0;
    },
    lock(token) {
      sessions.delete(token);
    },
    lockedUntil() {
      return opts.now() < lockedUntil ? lockedUntil : null;
    },
  };
}
