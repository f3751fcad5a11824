// Tracing cases: the console's only door to a person. Opening one needs a purpose and a legal basis;
// its content (the NIK, visits, contacts) is for its owner alone, and every open, view, export and close
// goes in the audit log with the case's purpose. Another officer's case answers 404 like a missing one
// (its existence is not theirs to learn); a closed case is not viewed or exported any more.
import { randomUUID } from 'node:crypto';
import type { CaseDetail, CaseSummary, LegalBasisCategory, OpenCaseRequest } from '../../protocol/api/console-cases';
import { nikHash } from '../../protocol/crypto';
import { parseNik } from '../../protocol/nik';
import type { CityAdmin } from '../admin';
import { traceToCsv } from '../admin';
import type { Clock } from '../../protocol/clock';
import type { ServerConfig } from '../config';
import { ApiError } from '../http/errors';
import { openJson, sealJson } from '../sealing';
import type { Handlers } from '../routes/register';
import type { ServerStore, TracingCaseRow } from '../store/types';
import type { Principal } from './accounts';
import { recordAudit } from './audit';
import { caseToPdf } from './case-pdf';
import { iso } from './wire-values';

export interface CaseDeps {
  store: ServerStore;
  clock: Clock;
  config: ServerConfig;
  admin: CityAdmin;
}


/** What an auditor may read of a NIK: the regency code and the last 4 digits. */
export const maskNik = (nik: string) => `${nik.slice(0, 4)}${'•'.repeat(8)}${nik.slice(12)}`;

export function caseSummary(c: TracingCaseRow): CaseSummary {
  return {
    id: c.id, ownerId: c.ownerId, ownerName: c.ownerName, nikMasked: c.nikMasked, purpose: c.purpose, legalBasisCategory: c.legalBasisCategory as LegalBasisCategory,
    legalBasis: c.legalBasis, openedAt: iso(c.openedAt), closedAt: c.closedAt === null ? null : iso(c.closedAt), closeNote: c.closeNote, windowFrom: iso(c.windowFrom),
  };
}

export class TracingCases {
  constructor(private readonly deps: CaseDeps) {}

  async open(body: OpenCaseRequest, p: Principal, address: string | null): Promise<CaseSummary> {
    const nik = parseNik(body.nik);
    if (!nik.ok) throw new ApiError(400, 'nik_invalid', [{ path: 'nik', message: nik.error.message.en }]);
    const { store, clock, config, admin } = this.deps;
    const now = clock.now().getTime();
    const row: TracingCaseRow = {
      id: randomUUID(), ownerId: p.actor.id!, ownerName: p.actor.name ?? p.actor.id!, nikSealed: sealJson(admin.keys.dataKey, nik.value.nik),
      nikHash: nikHash(admin.keys.nikHashKey, nik.value.nik), nikMasked: maskNik(nik.value.nik), purpose: body.purpose.trim(),
      legalBasisCategory: body.legalBasisCategory, legalBasis: body.legalBasis.trim(), windowFrom: now - config.traceWindowDays * 86_400_000,
      openedAt: now, closedAt: null, closeNote: null,
    };
    await store.createTracingCase(row);
    await recordAudit(this.deps, p.actor, 'case.open', `case:${row.id}`, { nikMasked: row.nikMasked, legalBasisCategory: row.legalBasisCategory, legalBasis: row.legalBasis }, { purpose: row.purpose, address });
    return caseSummary(row);
  }

  /** health: its own cases; auditor: every case (summaries only, never the content). */
  async list(p: Principal): Promise<CaseSummary[]> {
    return (await this.deps.store.listTracingCases(p.role === 'auditor' ? null : p.actor.id!)).map(caseSummary);
  }

  private async own(id: string, p: Principal, open = true): Promise<TracingCaseRow> {
    const c = await this.deps.store.getTracingCase(id.toLowerCase());
    if (!c || c.ownerId !== p.actor.id) throw new ApiError(404, 'case_unknown');
    if (open && c.closedAt !== null) throw new ApiError(409, 'case_closed');
    return c;
  }

  private async detail(c: TracingCaseRow): Promise<CaseDetail> {
    const nik = openJson<string>(this.deps.admin.keys.dataKey, c.nikSealed);
    const t = await this.deps.admin.trace({ nik, from: c.windowFrom, to: this.deps.clock.now().getTime() });
    return { ...caseSummary(c), nik, window: t.window, marginMinutes: t.marginMinutes, dwellMinutes: t.dwellMinutes, visits: t.visits, contacts: t.contacts };
  }

  async view(id: string, p: Principal, address: string | null): Promise<CaseDetail> {
    const c = await this.own(id, p);
    const d = await this.detail(c);
    await recordAudit(this.deps, p.actor, 'case.view', `case:${c.id}`, { visits: d.visits.length, contacts: d.contacts.length }, { purpose: c.purpose, address });
    return d;
  }

  async export(id: string, format: 'csv' | 'pdf', p: Principal, address: string | null): Promise<{ body: Buffer | string; contentType: string; fileName: string }> {
    const c = await this.own(id, p);
    const d = await this.detail(c);
    const entry = await recordAudit(this.deps, p.actor, 'case.export', `case:${c.id}`, { format, visits: d.visits.length, contacts: d.contacts.length }, { purpose: c.purpose, address });
    const fileName = `jejak-kasus-${c.id.slice(0, 8)}.${format}`;
    if (format === 'csv') {
      return { body: traceToCsv({ nikHash: c.nikHash, window: d.window, marginMinutes: d.marginMinutes, dwellMinutes: d.dwellMinutes, visits: d.visits, contacts: d.contacts }), contentType: 'text/csv; charset=utf-8', fileName };
    }
    return { body: await caseToPdf(d, { seq: entry.seq, at: entry.at, by: p.actor.name ?? '' }), contentType: 'application/pdf', fileName };
  }

  async close(id: string, note: string | undefined, p: Principal, address: string | null): Promise<CaseSummary> {
    const c = await this.own(id, p);
    const closed = (await this.deps.store.closeTracingCase(c.id, this.deps.clock.now().getTime(), note?.trim() || null))!;
    await recordAudit(this.deps, p.actor, 'case.close', `case:${c.id}`, { note: closed.closeNote }, { purpose: c.purpose, address });
    return caseSummary(closed);
  }
}

/** The console's tracing case routes (their input arrives validated by the route table's schemas). */
export function caseHandlers(deps: CaseDeps): Pick<Handlers, 'consoleCases' | 'consoleOpenCase' | 'consoleCase' | 'consoleCaseExport' | 'consoleCloseCase'> {
  const cases = new TracingCases(deps);
  return {
    consoleCases: async ({ principal: p }) => ({ cases: await cases.list(p) }),
    consoleOpenCase: async ({ req, body, principal: p }) => cases.open(body, p, req.ip ?? null),
    consoleCase: async ({ req, params: { id }, principal: p }) => cases.view(id, p, req.ip ?? null),
    consoleCaseExport: async ({ req, reply, params: { id }, query: { format }, principal: p }) => {
      const out = await cases.export(id, format, p, req.ip ?? null);
      return reply.header('content-type', out.contentType).header('content-disposition', `attachment; filename="${out.fileName}"`).send(out.body);
    },
    consoleCloseCase: async ({ req, params: { id }, body, principal: p }) => cases.close(id, body.note, p, req.ip ?? null),
  };
}
