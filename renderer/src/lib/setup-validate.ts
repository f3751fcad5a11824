// The setup form's own checks, so IT staff see a mistake before a round trip. The trusted side
// validates again (the contract's schema) and explains enrolment failures itself.
import type { StringKey } from '../i18n/strings';

export interface SetupInput {
  serverUrl: string;
  code: string;
  pin: string;
  pinRepeat: string;
  /** optional: a separate PIN for security staff (opens the staff panel only) */
  staffPin: string;
}

export type SetupProblem = { field: keyof SetupInput; key: StringKey };

export function validateSetup(input: SetupInput): SetupProblem[] {
  const problems: SetupProblem[] = [];
  let urlOk: boolean;
  try {
    const u = new URL(input.serverUrl.trim());
    urlOk = u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    urlOk = false;
  }
  if (!urlOk) problems.push({ field: 'serverUrl', key: 'urlRule' });
  if (input.code.trim().length < 4) problems.push({ field: 'code', key: 'codeRule' });
  if (!/^\d{4,8}$/.test(input.pin)) problems.push({ field: 'pin', key: 'pinRule' });
  else if (input.pin !== input.pinRepeat) problems.push({ field: 'pinRepeat', key: 'pinMismatch' });
  if (input.staffPin !== '' && !/^\d{4,8}$/.test(input.staffPin)) problems.push({ field: 'staffPin', key: 'pinRule' });
  else if (input.staffPin !== '' && input.staffPin === input.pin) problems.push({ field: 'staffPin', key: 'staffPinSame' });
  return problems;
}
