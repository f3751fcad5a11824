// PIN lockout per role (issue 10 item 10). With one global count, anyone at the screen could lock the
// guards out for 5 minutes (and longer each time) by typing wrong PINs, and nobody could undo it. Now
// wrong PINs count against the staff lockout first; the admin PIN still opens while only staff is
// locked and clears the staff lockout; the admin has a count of its own (guessing it is not made
// easier), and with both locked nothing is even checked until the time is up.
import { describe, expect, it } from 'vitest';
import { hashPin } from '../../electron/kiosk/pin';
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
const ADMIN = '190845';
const STAFF = '2468';
const hashes = [{ hash: hashPin(ADMIN), role: 'admin' as const }, { hash: hashPin(STAFF), role: 'staff' as const }];

describe('PIN lockout counted per role', () => {
  it('a prankster locks the guards out; the admin PIN opens and clears it', () => {
    const now = 0;
    const auth = createStaffAuth({ now: () => now, lockoutMs: 60_000 });
    for (let i = 0; i < 5; i++) codeOf(() => auth.unlock('0000', hashes));
    expect(auth.lockedUntil('staff')).toBe(60_000);
    expect(codeOf(() => auth.unlock(STAFF, hashes))).toBe('PIN_LOCKED');
    expect(auth.unlock(ADMIN, hashes).role).toBe('admin');
    expect(auth.lockedUntil('staff')).toBeNull();
    expect(auth.unlock(STAFF, hashes).role).toBe('staff');
  });

  it('the admin PIN has its own count: more wrong PINs lock it too, then nothing is checked until the time is up', () => {
    let now = 0;
    const auth = createStaffAuth({ now: () => now, lockoutMs: 60_000 });
    for (let i = 0; i < 5; i++) codeOf(() => auth.unlock('0000', hashes));
    for (let i = 0; i < 4; i++) expect(codeOf(() => auth.unlock('0000', hashes))).toBe('PIN_WRONG');
    expect(codeOf(() => auth.unlock('0000', hashes))).toBe('PIN_LOCKED');
    expect(auth.lockedUntil('admin')).toBe(60_000);
    expect(codeOf(() => auth.unlock(ADMIN, hashes))).toBe('PIN_LOCKED');
    expect(codeOf(() => auth.checkPin(ADMIN, [hashes[0]!.hash]))).toBe('PIN_LOCKED');
    now = 60_001;
    expect(auth.unlock(ADMIN, hashes).role).toBe('admin');
  });

  it('wrong admin PINs at exit-kiosk count against the admin only: the guards are not locked out by them', () => {
    const auth = createStaffAuth({ now: () => 0 });
    for (let i = 0; i < 5; i++) codeOf(() => auth.checkPin('0000', [hashes[0]!.hash]));
    expect(auth.lockedUntil('admin')).not.toBeNull();
    expect(auth.lockedUntil('staff')).toBeNull();
    expect(auth.unlock(STAFF, hashes).role).toBe('staff');
  });
});
