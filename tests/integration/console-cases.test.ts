// Tracing cases in the console on both backends over real HTTP: a Dinkes officer opens a case for a
// NIK with a purpose and legal basis, sees the person's visits and contacts of the last 14 days,
// exports CSV (formula-safe) and PDF, closes it; another officer gets 404, an auditor sees only the
// case's summary (NIK masked), a bad NIK or a missing purpose is a 400 with nothing stored; every open,
// view, export and close is in the audit log with the case's purpose; the NIK is sealed at rest.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail, CaseSummary } from '../../sync/protocol/api/console-cases';
import type { ErrorBody } from '../../sync/protocol/api/common';
import type { Visit } from '../../sync/protocol/api/visits';
import { nikHash } from '../../sync/protocol/crypto';
import { CLI_ACTOR } from '../../sync/server/console/audit';
import { DeviceClient, enrolDevice } from '../../sync/server/device-client';
import { startTestCityServer } from '../../sync/server/testing';
import type { Backend, TestCityServer } from '../../sync/server/testing';
import { consoleLogin, seedConsole } from '../helpers/console';
import type { ConsoleSeed } from '../helpers/console';
import { pdfText } from '../helpers/pdf-text';
import { postgresUrl } from '../helpers/postgres';

const pg = postgresUrl();
const backends: Backend[] = pg ? ['sqlite', 'postgres'] : ['sqlite'];

const INDEX = '3271014501900001';
const CONTACT = '3271010101850011';
const FAR = '3271010101850012';
const OLD_CONTACT = '3271010101850013';
const OPEN = { nik: INDEX, purpose: 'Kasus positif PCR 2 Des, penelusuran kontak erat', legalBasisCategory: 'health-quarantine-law', legalBasis: 'UU 6/2018 pasal 15 ayat 2' };

describe.each(backends)('tracing cases on %s', (backend) => {
  let s: TestCityServer;
  let seed: ConsoleSeed;
  let h: { cookie: string; csrf: string };
  let h2: { cookie: string; csrf: string };
  let visits: Visit[];
  beforeAll(async () => {
    s = await startTestCityServer(backend, { pgUrl: pg ?? undefined, config: { consoleScryptN: 1024 } });
    seed = await seedConsole(s);
    await s.accounts.createUser({ username: 'dinkes2', displayName: 'Dinkes 2', role: 'health', agencyId: 'dinkes', password: seed.password }, CLI_ACTOR);
    h = await consoleLogin(s.url, 'dinkes', seed.password);
    h2 = await consoleLogin(s.url, 'dinkes2', seed.password);
    const dev = await enrolDevice(s.url, await s.newEnrolmentCode());
    const hk = dev.enrolment.nikHashKey;
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
    const visit = (nik: string, from: number, to: number | null): Visit => ({
      id: uuidv7(), venueId: s.venueId, gateId: s.gateId, occurredAt: at(from), deviceTime: at(from), clockOffsetMs: 0, clockSuspect: false, identity: 'NIK',
      nikHash: nikHash(hk, nik), outcome: 'ADMIT', reason: 'OK', override: null, faceDistance: 0.3, livenessScore: 0.97, riskListVersion: null, checkedOutAt: to === null ? null : at(to),
    });
    visits = [
      visit(INDEX, 300, 240), // the person: 5 h ago for an hour
      visit(CONTACT, 280, 200), // inside at the same time
      visit(FAR, 100, 60), // later: no contact
      visit(INDEX, 20 * 24 * 60, 20 * 24 * 60 - 60), // 20 days ago: outside the 14-day window
      visit(OLD_CONTACT, 20 * 24 * 60 - 30, 20 * 24 * 60 - 10),
    ];
    const up = await new DeviceClient(s.url, dev).call('visits', { body: { visits } });
    expect(up.body.results.every((r) => r.status === 'accepted')).toBe(true);
  });
  afterAll(async () => s?.destroy());

  const call = async (who: { cookie: string; csrf: string }, method: 'GET' | 'POST', p: string, body?: unknown) => {
    const r = await fetch(`${s.url}${p}`, { method, headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
    const type = r.headers.get('content-type') ?? '';
    return { status: r.status, type, disposition: r.headers.get('content-disposition'), bytes: Buffer.from(await r.arrayBuffer()) };
  };
  const json = <T>(r: { bytes: Buffer }) => JSON.parse(r.bytes.toString('utf8')) as T;
  const audit = async () => (await s.store.listAudit({ limit: 100_000 })).filter((e) => e.action.startsWith('case.'));

  let caseId: string;

  it('refuses a bad NIK or a missing purpose with a clear reason, storing nothing', async () => {
    const bad = await call(h, 'POST', '/v1/console/cases', { ...OPEN, nik: '3271' });
    expect(bad.status).toBe(400);
    expect(json<ErrorBody>(bad).error.code).toBe('nik_invalid');
    const noPurpose = await call(h, 'POST', '/v1/console/cases', { ...OPEN, purpose: 'cek' });
    expect(noPurpose.status).toBe(400);
    expect(JSON.stringify(json<ErrorBody>(noPurpose).error.details)).toContain('purpose');
    expect((await call(h, 'POST', '/v1/console/cases', { nik: INDEX, purpose: OPEN.purpose, legalBasisCategory: 'because' })).status).toBe(400);
    expect(await s.store.listTracingCases(null)).toEqual([]);
    expect(await audit()).toEqual([]);
  });

  it("opens a case and shows the person's visits and contacts of the last 14 days", async () => {
    const opened = await call(h, 'POST', '/v1/console/cases', OPEN);
    expect(opened.status).toBe(201);
    const c = json<CaseSummary>(opened);
    caseId = c.id;
    expect(c).toMatchObject({ ownerName: 'dinkes', nikMasked: '3271••••••••0001', purpose: OPEN.purpose, legalBasisCategory: 'health-quarantine-law', closedAt: null });
    expect(JSON.stringify(c)).not.toContain(INDEX);
    // the NIK is sealed at rest
    const row = (await s.store.getTracingCase(caseId))!;
    expect(row.nikSealed).not.toContain(INDEX);

    const view = await call(h, 'GET', `/v1/console/cases/${caseId}`);
    expect(view.status).toBe(200);
    const d = json<CaseDetail>(view);
    expect(d.nik).toBe(INDEX);
    expect(Date.parse(d.window.to) - Date.parse(d.window.from)).toBeGreaterThanOrEqual(14 * 86_400_000);
    expect(d.visits.map((v) => v.visitId)).toEqual([visits[0]!.id]);
    expect(d.contacts.map((k) => k.visitId)).toEqual([visits[1]!.id]);
    expect(d.contacts[0]).toMatchObject({ venueName: 'Botani Square', overlapMinutes: 40 });
    expect((await call(h, 'GET', '/v1/console/cases')).bytes.toString()).toContain(caseId);
  });

  it('exports CSV and PDF to the owner only', async () => {
    const csv = await call(h, 'GET', `/v1/console/cases/${caseId}/export?format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.type).toContain('text/csv');
    expect(csv.disposition).toMatch(/^attachment; filename="jejak-kasus-[0-9a-f]{8}\.csv"$/);
    const lines = csv.bytes.toString('utf8').trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(visits[0]!.id);
    expect(lines[2]).toMatch(/^"contact"/);

    const pdf = await call(h, 'GET', `/v1/console/cases/${caseId}/export?format=pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf.bytes);
    for (const x of ['Kasus penelusuran kontak', INDEX, OPEN.purpose, 'UU 6/2018 Kekarantinaan Kesehatan', 'Botani Square', 'Kunjungan / Visits (1)', 'Kontak / Contacts (1)', 'log audit / audit log #']) expect(text).toContain(x);
    expect((await call(h, 'GET', `/v1/console/cases/${caseId}/export?format=docx`)).status).toBe(400);
  });

  it("answers another officer 404 on every door of the case, and shows an auditor only the summary", async () => {
    for (const [m, p] of [['GET', `/v1/console/cases/${caseId}`], ['GET', `/v1/console/cases/${caseId}/export?format=pdf`], ['POST', `/v1/console/cases/${caseId}/close`]] as const) {
      const r = await call(h2, m, p, m === 'POST' ? {} : undefined);
      expect(r.status, p).toBe(404);
      expect(json<ErrorBody>(r).error.code).toBe('case_unknown');
    }
    expect(json<{ cases: unknown[] }>(await call(h2, 'GET', '/v1/console/cases')).cases).toEqual([]);
    const a = await consoleLogin(s.url, 'auditor', seed.password);
    const listed = await call(a, 'GET', '/v1/console/cases');
    expect(json<{ cases: CaseSummary[] }>(listed).cases.map((c) => [c.id, c.nikMasked, c.purpose])).toEqual([[caseId, '3271••••••••0001', OPEN.purpose]]);
    expect(listed.bytes.toString()).not.toContain(INDEX);
    expect((await call(a, 'GET', `/v1/console/cases/${caseId}`)).status).toBe(403);
  });

  it('closes the case: no more views or exports', async () => {
    const closed = await call(h, 'POST', `/v1/console/cases/${caseId}/close`, { note: 'Semua kontak sudah dihubungi' });
    expect(closed.status).toBe(200);
    expect(json<CaseSummary>(closed)).toMatchObject({ closeNote: 'Semua kontak sudah dihubungi' });
    const after = await call(h, 'GET', `/v1/console/cases/${caseId}`);
    expect(after.status).toBe(409);
    expect(json<ErrorBody>(after).error.code).toBe('case_closed');
    expect((await call(h, 'GET', `/v1/console/cases/${caseId}/export?format=csv`)).status).toBe(409);
  });

  it('audits every open, view, export and close with who, from where and the purpose, never the NIK', async () => {
    const entries = await audit();
    expect(entries.map((e) => e.action)).toEqual(['case.open', 'case.view', 'case.export', 'case.export', 'case.close']);
    for (const e of entries) expect(e).toMatchObject({ actorName: 'dinkes', actorRole: 'health', target: `case:${caseId}`, purpose: OPEN.purpose, address: expect.any(String) });
    expect(entries.map((e) => e.details.format ?? null)).toEqual([null, null, 'csv', 'pdf', null]);
    expect(JSON.stringify(entries)).not.toContain(INDEX);
  });
});
