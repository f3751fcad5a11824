// Tracing cases in the city console: the only way a person (NIK, visits, contacts) is seen there. A
// Dinkes officer opens a case for a NIK with a purpose and a legal basis; only that officer sees its
// visits and contacts and exports them (CSV, PDF); `auditor` sees that the case exists (who, why,
// when; the NIK masked), never its content. Every open, view, export and close is in the audit log.
import { z } from 'zod';
import type { ConsoleRole } from '../console/roles';
import { LEGAL_BASIS_CATEGORIES } from '../console/legal-basis';
import type { LegalBasisCategory } from '../console/legal-basis';
import { IsoDateTime, plainText } from './common';
import type { RouteSpec } from './routes';
import { TraceContact, TraceVisit } from './trace';

export { LEGAL_BASIS_CATEGORIES, LEGAL_BASIS_LABELS } from '../console/legal-basis';
export type { LegalBasisCategory };

export const OpenCaseRequest = z.strictObject({
  nik: z.string().min(1).max(64),
  /** why this person is traced, e.g. "Kasus positif PCR 2 Des, penelusuran kontak" */
  purpose: plainText(500).refine((s) => s.trim().length >= 10, 'purpose: at least 10 characters'),
  legalBasisCategory: z.enum(LEGAL_BASIS_CATEGORIES),
  legalBasis: plainText(500).refine((s) => s.trim().length >= 3, 'legalBasis: at least 3 characters'),
});
export type OpenCaseRequest = z.infer<typeof OpenCaseRequest>;

export const CaseIdParams = z.strictObject({ id: z.string().regex(/^[0-9a-f-]{36}$/, 'case id: a UUID') });
export const CloseCaseRequest = z.strictObject({ note: plainText(500).optional() });
export const CaseExportQuery = z.strictObject({ format: z.enum(['csv', 'pdf']) });

/** What anyone allowed to see a case sees: no NIK (masked: region and last digits), no visit. */
export const CaseSummary = z.object({
  id: z.string(), ownerId: z.string(), ownerName: z.string(), nikMasked: z.string(),
  purpose: z.string(), legalBasisCategory: z.enum(LEGAL_BASIS_CATEGORIES), legalBasis: z.string(),
  openedAt: IsoDateTime, closedAt: IsoDateTime.nullable(), closeNote: z.string().nullable(),
  /** the trace covers visits from here (opening minus the trace window, 14 days) up to now or the close */
  windowFrom: IsoDateTime,
});
export type CaseSummary = z.infer<typeof CaseSummary>;
export const CaseList = z.object({ cases: z.array(CaseSummary) });

/** The owner's view: the NIK, the person's visits and the contacts (people at the same venue at the same time). */
export const CaseDetail = CaseSummary.extend({
  nik: z.string(),
  window: z.object({ from: IsoDateTime, to: IsoDateTime }),
  marginMinutes: z.number(), dwellMinutes: z.number(),
  visits: z.array(TraceVisit),
  contacts: z.array(TraceContact),
});
export type CaseDetail = z.infer<typeof CaseDetail>;

const HEALTH: readonly ConsoleRole[] = ['health'];

export const CONSOLE_CASE_ROUTES = {
  consoleCases: {
    method: 'GET', path: '/v1/console/cases', auth: 'console', roles: ['health', 'auditor'],
    summary: "Tracing cases: a health officer's own, or every case for an auditor (who, why, when; the NIK masked, no visit)",
    response: { status: 200, schema: CaseList },
  },
  consoleOpenCase: {
    method: 'POST', path: '/v1/console/cases', auth: 'console', roles: HEALTH,
    summary: 'Open a tracing case for a NIK with a purpose and a legal basis (audited)',
    body: OpenCaseRequest, response: { status: 201, schema: CaseSummary }, bodyLimit: 8 * 1024,
  },
  consoleCase: {
    method: 'GET', path: '/v1/console/cases/:id', auth: 'console', roles: HEALTH,
    summary: "The case's person, visits and contacts over the trace window; its owner only (audited)",
    params: CaseIdParams, response: { status: 200, schema: CaseDetail },
  },
  consoleCaseExport: {
    method: 'GET', path: '/v1/console/cases/:id/export', auth: 'console', roles: HEALTH,
    summary: 'The case as CSV (formula-safe) or PDF; its owner only (audited)',
    params: CaseIdParams, query: CaseExportQuery, response: { status: 200, schema: null, contentType: 'application/octet-stream' },
  },
  consoleCloseCase: {
    method: 'POST', path: '/v1/console/cases/:id/close', auth: 'console', roles: HEALTH,
    summary: 'Close a case: no more views or exports of it (audited)',
    params: CaseIdParams, body: CloseCaseRequest, response: { status: 200, schema: CaseSummary }, bodyLimit: 4 * 1024,
  },
} as const satisfies Record<string, RouteSpec & { auth: 'console'; roles: readonly ConsoleRole[] }>;
