// The on-screen NIK keypad's text: digits only, at most 16, shown in groups of four so a visitor can
// compare it with their KTP card. The NIK's own rules (province, date, serial) are checked by the
// trusted side, whose bilingual error the screen shows.
export const NIK_LENGTH = 16;

export function appendDigit(current: string, digit: string): string {
  if (!/^\d$/.test(digit) || current.length >= NIK_LENGTH) return current;
  return current + digit;
}

export const deleteDigit = (current: string): string => current.slice(0, -1);

/** "3271012345670001" → "3271 0123 4567 0001" */
export function groupNik(digits: string): string {
  return (digits.match(/\d{1,4}/g) ?? []).join(' ');
}

export const digitsLeft = (current: string): number => Math.max(0, NIK_LENGTH - current.length);
