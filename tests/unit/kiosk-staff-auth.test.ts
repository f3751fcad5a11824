// Staff PINs: scrypt hashes, short-lived tokens, lockout after repeated wrong PINs (growing on repeat).
import { describe, expect, it } from 'vitest';
import { hashPin, verifyPin } from '../../electron/kiosk/pin';
import { createStaffAuth } from '../../electron/kiosk/staff-auth';
import { KioskError } from '../../electron/kiosk/messages';

const codeOf = (fn: () => unknown): string | null => {
  try {
    fn();
    return null;
  } catch (err) {
    return err instanceof KioskError ? err.error.code : 'THREW';
  }
};

describe('PIN hashes', () => {
  it('verifies the right PIN only, with a fresh salt each time, and never throws on junk', () => {
    const h = hashPin('482915');
    expect(h).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(h).not.toContain('482915');
    expect(hashPin('482915')).not.toBe(h);
    expect(verifyPin('482915', h)).toBe(true);
    expect(verifyPin('482916', h)).toBe(false);
    for (const junk of ['', 'scrypt$1$2$3', 'bcrypt$x', `${h}x`, 'scrypt$16384$8$1$@@$@@']) expect(verifyPin('482915', junk)).toBe(false);
  });
});

describe('staff sessions', () => {
  const hashes = [{ hash: hashPin('1111'), role: 'admin' as const }, { hash: hashPin('2222'), role: 'staff' as const }];

  it('issues a token with the role of the PIN, which expires after idle time and can be locked', () => {
    let now = 0;
    const auth = createStaffAuth({ now: () => now, idleMs: 1000 });
    const admin = auth.unlock('1111', hashes);
    expect(admin.role).toBe('admin');
    expect(auth.unlock('2222', hashes).role).toBe('staff');
    now = 900;
    expect(auth.require(admin.token).role).toBe('admin');
    now = 1800; // used at 900: still within its idle window
    expect(codeOf(() => auth.require(admin.token))).toBeNull();
    now = 2900;
    expect(codeOf(() => auth.require(admin.token))).toBe('TOKEN_INVALID');
    const s = auth.unlock('1111', hashes);
    auth.lock(s.token);
    expect(codeOf(() => auth.require(s.token))).toBe('TOKEN_INVALID');
    expect(codeOf(() => auth.require('made-up-token-000'))).toBe('TOKEN_INVALID');
  });

  it('locks after 5 wrong PINs, for longer after a repeat, and a right PIN resets the count', () => {
    let now = 0;
    const auth = createStaffAuth({ now: () => now, lockoutMs: 60_000 });
    for (let i = 0; i < 4; i++) expect(codeOf(() => auth.unlock('9999', hashes))).toBe('PIN_WRONG');
    expect(codeOf(() => auth.unlock('1111', hashes))).toBeNull();
    for (let i = 0; i < 4; i++) expect(codeOf(() => auth.unlock('9999', hashes))).toBe('PIN_WRONG');
    expect(codeOf(() => auth.unlock('9999', hashes))).toBe('PIN_LOCKED');
    expect(codeOf(() => auth.unlock('2222', hashes))).toBe('PIN_LOCKED');
    expect(auth.lockedUntil()).toBe(60_000);
    now = 60_001;
    for (let i = 0; i < 5; i++) codeOf(() => auth.unlock('9999', hashes));
    expect(auth.lockedUntil()).toBe(60_001 + 120_000);
  });
});
