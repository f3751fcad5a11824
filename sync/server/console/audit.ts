// Everyone's changes and every personal-data access go through `recordAudit`: one place that fills
// the who / when / from where of the console audit log (append-only hash chain in the store).
import type { Clock } from '../../protocol/clock';
import type { AuditEntryInput, AuditEntryRow, ServerStore } from '../store/types';

export interface Actor {
  kind: AuditEntryInput['actorKind'];
  id: string | null;
  name: string | null;
  role: string | null;
}

export const CLI_ACTOR: Actor = { kind: 'cli', id: null, name: 'admin-cli', role: null };
export const SYSTEM_ACTOR: Actor = { kind: 'system', id: null, name: 'city-server', role: null };

export interface AuditContext {
  store: ServerStore;
  clock: Clock;
}

export function recordAudit(
  ctx: AuditContext, actor: Actor, action: string, target: string | null,
  details: Record<string, unknown> = {}, extra: { purpose?: string | null; address?: string | null } = {},
): Promise<AuditEntryRow> {
  return ctx.store.appendAudit({
    at: ctx.clock.now().getTime(), actorKind: actor.kind, actorId: actor.id, actorName: actor.name, actorRole: actor.role,
    action, target, purpose: extra.purpose ?? null, address: extra.address ?? null, details,
  });
}
