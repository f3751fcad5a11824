// The time a signed head last confirmed the live risk list is current (risk_list_meta.confirmed_at,
// schema 6). Kept apart from the list's apply code: applying writes the list, the sync agent's check-ins
// write this; a list's age for the stale-list policy runs from the later of the two.
import type { Statement } from 'better-sqlite3';
import { isoToMs, msToIsoOrNull } from './codec';
import type { StoreContext } from './context';

export class RiskListConfirmation {
  private readonly update: Statement<[number]>;
  private readonly select: Statement<[], { confirmed_at: number | null }>;

  constructor(ctx: StoreContext) {
    this.update = ctx.db.prepare('UPDATE risk_list_meta SET confirmed_at = ? WHERE id = 1');
    this.select = ctx.db.prepare('SELECT confirmed_at FROM risk_list_meta WHERE id = 1');
  }

  /** false when there is no live list to confirm */
  mark(atIso: string): boolean {
    return this.update.run(isoToMs(atIso, 'confirmedAt')).changes === 1;
  }

  get(): string | null {
    return msToIsoOrNull(this.select.get()?.confirmed_at ?? null);
  }
}
