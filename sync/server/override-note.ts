// The override of a visit as the server keeps it (issue 10 item 5): the reason code in clear (what the
// city counts), the officer's note masked (NIK-like digit runs, in case a kiosk let one through) and
// sealed under the data key (sealing.ts): a database dump or a replica shows no note.
import type { Visit } from '../protocol/api/visits';
import { maskNikLikeDigits } from '../protocol/override-reasons';
import { openJson, sealJson } from './sealing';

export function overrideColumns(o: Visit['override'], dataKey: string): { overrideStaffId: string | null; overrideReason: string | null; overrideNote: string | null } {
  if (!o) return { overrideStaffId: null, overrideReason: null, overrideNote: null };
  return { overrideStaffId: o.staffId, overrideReason: o.reason, overrideNote: o.note ? sealJson(dataKey, maskNikLikeDigits(o.note)) : null };
}

/** The note as the city may read it (masked); null without one. */
export function openOverrideNote(sealed: string | null, dataKey: string): string | null {
  return sealed === null ? null : openJson<string>(dataKey, sealed);
}
