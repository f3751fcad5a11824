// The trace as a Dinkes officer reads it at a terminal: who was where, with whom, in WIB. The JSON and
// CSV forms (--format json|csv) keep every field with ISO times for tools; this one groups and counts.
import type { TraceResult } from '../protocol/api/trace';
import { formatWibSpan } from '../protocol/wib-time';

const person = (hash: string) => `person ${hash.slice(0, 12)}…`;
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function traceSummary(t: TraceResult): string {
  const lines: string[] = [];
  const venues = new Set(t.visits.map((v) => v.venueId));
  const people = new Set(t.contacts.map((c) => c.nikHash));
  lines.push(`Contact trace of ${person(t.nikHash)}, ${formatWibSpan(t.window.from, t.window.to)}`);
  lines.push(`  (overlap margin ${t.marginMinutes} min; a stay without check-out counts ${t.dwellMinutes} min)`);
  lines.push(`${plural(t.visits.length, 'visit', 'visits')} at ${plural(venues.size, 'venue', 'venues')}; ${plural(t.contacts.length, 'contact', 'contacts')} (${plural(people.size, 'person', 'people')})`);
  if (t.visits.length === 0) {
    lines.push('', 'No visits in this window: nobody to contact.');
    return `${lines.join('\n')}\n`;
  }
  lines.push('', 'Visits:');
  for (const v of t.visits) {
    lines.push(`  ${formatWibSpan(v.from, v.to)}  ${v.venueName ?? v.venueId} / ${v.gateId}${v.checkedOut ? '' : '  (no check-out: stay assumed)'}`);
  }
  const byVenue = new Map<string, TraceResult['contacts']>();
  for (const c of t.contacts) byVenue.set(c.venueId, [...(byVenue.get(c.venueId) ?? []), c]);
  lines.push('', t.contacts.length === 0 ? 'Contacts: none (nobody overlapped these visits).' : 'Contacts, by venue:');
  for (const [venueId, list] of byVenue) {
    const name = list[0]!.venueName ?? venueId;
    lines.push(`  ${name}: ${plural(list.length, 'contact', 'contacts')}, ${plural(new Set(list.map((c) => c.nikHash)).size, 'person', 'people')}`);
    for (const c of [...list].sort((a, b) => b.overlapMinutes - a.overlapMinutes)) {
      lines.push(`    ${person(c.nikHash)}  ${formatWibSpan(c.from, c.to)}  overlap ${c.overlapMinutes} min${c.checkedOut ? '' : '  (stay assumed)'}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
