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
  role: StaffRole;
}

export type StaffRole = 'staff' | 'admin';

export interface StaffAuth {
  /**
   * Throws PIN_LOCKED or PIN_WRONG. `pinHashes` are the hashes that unlock, with the role each grants.
   * A right PIN of a role whose lockout is in force is PIN_LOCKED (and not counted).
   */
  unlock(pin: string, pinHashes: Array<{ hash: string; role: StaffRole }>): StaffSession;
  /** Throws TOKEN_INVALID; a successful check extends the idle window. */
  require(token: string): StaffSession;
  /** Checks the admin PIN (exit kiosk), counted against the admin's lockout. */
  checkPin(pin: string, hashes: string[]): void;
  lock(token: string): void;
  /** when the staff lockout ends (null: none in force) */
  lockedUntil(role?: StaffRole): number | null;
}

export function createStaffAuth(opts: StaffAuthOptions): StaffAuth {
  const idleMs = opts.idleMs ?? 5 * 60_000;
  const maxAttempts = opts.maxAttempts ?? 5;
  const lockoutMs = opts.lockoutMs ?? 5 * 60_000;
  const sessions = new Map<string, StaffSession>();
  // Counted per role (issue 10 item 10): with one global count, anyone at the screen could lock the
  // guards AND their supervisor out by typing wrong PINs. A wrong PIN counts against the staff lockout;
  // once that is in force, against the admin's own; the admin PIN still opens while only staff is
  // locked, and clears the staff lockout. Both live in memory: restarting the kiosk app (a person with
  // the device) is the device-bound recovery.
  const buckets: Record<StaffRole, { failures: number; lockouts: number; lockedUntil: number }> = {
    staff: { failures: 0, lockouts: 0, lockedUntil: 0 },
    admin: { failures: 0, lockouts: 0, lockedUntil: 0 },
  };
  const locked = (role: StaffRole): boolean => opts.now() < buckets[role].lockedUntil;

  function wrong(role: StaffRole): never {
    const b = buckets[role];
    b.failures += 1;
    if (b.failures >= maxAttempts) {
      b.lockedUntil = opts.now() + lockoutMs * 2 ** Math.min(b.lockouts, 6);
      b.lockouts += 1;
      b.failures = 0;
      throw KioskError.of('PIN_LOCKED');
    }
    throw pinWrongError(maxAttempts - b.failures);
  }

  function reset(role: StaffRole): void {
    buckets[role] = { failures: 0, lockouts: 0, lockedUntil: 0 };
  }

  function sweep(): void {
    const now = opts.now();
    for (const [t, s] of sessions) if (s.expiresAt <= now) sessions.delete(t);
  }

  return {
    unlock(pin, pinHashes) {
      // nothing unlocks while both are locked: not even a PIN check runs
      if (locked('staff') && locked('admin')) throw KioskError.of('PIN_LOCKED');
      const hit = pinHashes.find((h) => verifyPin(pin, h.hash));
      if (!hit) wrong(locked('staff') ? 'admin' : 'staff');
      if (locked(hit.role)) throw KioskError.of('PIN_LOCKED');
      reset(hit.role);
      if (hit.role === 'admin') reset('staff');
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
      if (locked('admin')) throw KioskError.of('PIN_LOCKED');
      if (!hashes.some((h) => verifyPin(pin, h))) wrong('admin');
      buckets.admin.failures = 0;
    },
    lock(token) {
      sessions.delete(token);
    },
    lockedUntil(role = 'staff') {
      return locked(role) ? buckets[role].lockedUntil : null;
    },
  };
}
