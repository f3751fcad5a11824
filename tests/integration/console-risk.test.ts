// The risk list in the console on both backends over real HTTP: a bad file is previewed with every bad
// line (number + bilingual reason) and cannot be published; a good one is previewed with its counts and
// published as a signed version that a real kiosk (its store and sync agent) pulls; another file than
// the previewed one, or a list that changed since the preview, is refused; nothing changes on a refusal;
// the status counts the kiosks that report having the version; every preview and publish is audited.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileKeyStore, openKioskStore } from '../../electron/store/index';
import type { KioskStore } from '../../electron/store/index';
import { enrol } from '../../sync/agent/enrol';
import { SyncAgent } from '../../sync/agent/sync-agent';
import type { RiskListStatus, RiskPreview } from '../../sync/protocol/api/console-risk';
import type { ErrorBody } from '../../sync/protocol/api/common';
import { sha256Hex } from '../../sync/protocol/crypto';
import { startTestCityServer } from '../../sync/server/testing';
import type { Backend, TestCityServer } from '../../sync/server/testing';
import { consoleLogin, seedConsole } from '../helpers/console';
import type { ConsoleSeed } from '../helpers/console';
import { postgresUrl } from '../helpers/postgres';

const pg = postgresUrl();
const backends: Backend[] = pg ? ['sqlite', 'postgres'] : ['sqlite'];

const NIK_A = '3271011508850001';
const NIK_B = '3271015508850002';
const NIK_C = '3271012003900003';
const csv = (...lines: string[]) => ['nik,status,valid_until', ...lines].join('\n') + '\n';

describe.each(backends)('risk list in the console on %s', (backend) => {
  let s: TestCityServer;
  let seed: ConsoleSeed;
  let h: { cookie: string; csrf: string };
  let dir: string;
  let kiosk: KioskStore;
  let agent: SyncAgent;
  beforeAll(async () => {
    s = await startTestCityServer(backend, { pgUrl: pg ?? undefined, config: { consoleScryptN: 1024 } });
    seed = await seedConsole(s);
    h = await consoleLogin(s.url, 'dinkes', seed.password);
    dir = mkdtempSync(path.join(os.tmpdir(), 'jejak-console-risk-'));
    kiosk = openKioskStore({ path: path.join(dir, 'kiosk.db'), keyStore: new FileKeyStore(path.join(dir, 'data.key')), clock: { now: () => new Date() } });
    await enrol(kiosk, s.url, await s.newEnrolmentCode());
    agent = new SyncAgent({ store: kiosk, idlePollMs: 3_600_000 });
  });
  afterAll(async () => {
    await agent?.stop();
    kiosk?.close();
    await s?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const post = async <T>(p: string, body: unknown) => {
    const r = await fetch(`${s.url}${p}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: h.cookie, 'x-csrf-token': h.csrf }, body: JSON.stringify(body) });
    return { status: r.status, body: (await r.json()) as T };
  };
  const status = async () => (await (await fetch(`${s.url}/v1/console/risk`, { headers: { cookie: h.cookie } })).json()) as RiskListStatus;
  const version = async () => (await s.store.latestRiskVersion(s.config.riskListId))?.version ?? 0;

  it('previews a bad file with every bad line and its bilingual reason, refuses to publish it, and changes nothing', async () => {
    const bad = csv(`${NIK_A},CONFIRMED,2030-12-31`, '12345,CONFIRMED,2030-12-31', `${NIK_B},POSITIVE,2030-12-31`, `${NIK_C},SUSPECT,2030-02-30`, `${NIK_A},SUSPECT,2030-12-31`, 'a,b');
    const p = await post<RiskPreview>('/v1/console/risk/preview', { csv: bad, fileName: 'dinkes-salah.csv' });
    expect(p.status).toBe(200);
    expect(p.body).toMatchObject({ ok: false, dataLines: 6, baseVersion: 0, entryCount: 0, errorsTruncated: false });
    expect(p.body.errors.map((e) => [e.line, e.code])).toEqual([[3, 'NIK_LENGTH'], [4, 'STATUS'], [5, 'VALID_UNTIL'], [6, 'DUPLICATE'], [7, 'FIELDS']]);
    expect(p.body.errors[3]!.message).toEqual({ id: 'NIK yang sama sudah ada di baris 2', en: 'The same NIK is already on line 2' });
    const header = await post<RiskPreview>('/v1/console/risk/preview', { csv: 'nik;status;valid_until\n' });
    expect(header.body.errors).toEqual([{ line: 1, code: 'HEADER', message: expect.objectContaining({ id: expect.stringContaining('Baris judul') }) }]);

    const pub = await post<ErrorBody>('/v1/console/risk/publish', { csv: bad, sha256: p.body.sha256, baseVersion: 0 });
    expect(pub.status).toBe(422);
    expect(pub.body.error.code).toBe('risk_csv_invalid');
    expect(pub.body.error.details?.[0]).toEqual({ path: 'line 3', message: expect.stringContaining('16') });
    expect(await version()).toBe(0);
    expect((await status()).version).toBe(0);
    // an empty body is a 400 from the schema, not a 5xx
    expect((await post<ErrorBody>('/v1/console/risk/preview', { csv: '' })).status).toBe(400);
  });

  it('previews a good file with its counts, publishes it, and a real kiosk pulls the signed version', async () => {
    const file = csv(`${NIK_A},CONFIRMED,2030-12-31`, `"${NIK_B}","suspect","2030-12-15"`, `${NIK_C},CLOSE_CONTACT,2030-12-01`);
    const p = await post<RiskPreview>('/v1/console/risk/preview', { csv: file });
    expect(p.body).toMatchObject({ ok: true, sha256: sha256Hex(file), baseVersion: 0, dataLines: 3, entryCount: 3, added: 3, changed: 0, removed: 0, unchanged: 0, byStatus: { CONFIRMED: 1, SUSPECT: 1, CLOSE_CONTACT: 1 }, errors: [] });
    expect(await version()).toBe(0);
    const pub = await post('/v1/console/risk/publish', { csv: file, sha256: p.body.sha256, baseVersion: 0, fileName: 'dinkes-1.csv' });
    expect(pub).toEqual({ status: 201, body: { version: 1, previousVersion: 0, entryCount: 3, added: 3, changed: 0, removed: 0 } });

    expect((await status()).kiosks).toEqual({ total: 1, current: 0, behind: 0, unknown: 1 });
    const report = await agent.syncNow();
    expect(report.risk).toMatchObject({ kind: 'applied', version: 1 });
    expect(kiosk.lookupRisk(kiosk.hashNik(NIK_A))?.status).toBe('CONFIRMED');
    expect(kiosk.lookupRisk(kiosk.hashNik(NIK_B))?.status).toBe('SUSPECT');
    await agent.syncNow(); // the heartbeat after the pull reports the version
    expect(await status()).toMatchObject({ version: 1, entryCount: 3, kiosks: { total: 1, current: 1, behind: 0, unknown: 0 } });
  });

  it('counts a change against the list in force; refuses another file than the previewed one, or a list changed since', async () => {
    const next = csv(`${NIK_A},CONFIRMED,2031-01-31`, `${NIK_C},CLOSE_CONTACT,2030-12-01`, '3271016101950004,SUSPECT,2030-12-20');
    const p = await post<RiskPreview>('/v1/console/risk/preview', { csv: next });
    expect(p.body).toMatchObject({ ok: true, baseVersion: 1, entryCount: 3, added: 1, changed: 1, removed: 1, unchanged: 1 });
    const other = next.replace('2031-01-31', '2031-02-28');
    expect((await post<ErrorBody>('/v1/console/risk/publish', { csv: other, sha256: p.body.sha256, baseVersion: 1 })).body.error.code).toBe('risk_preview_mismatch');
    // meanwhile someone publishes with the CLI: the preview's counts no longer hold
    expect((await s.admin.importRiskCsv(csv(`${NIK_B},SUSPECT,2030-12-31`))).ok).toBe(true);
    const stale = await post<ErrorBody>('/v1/console/risk/publish', { csv: next, sha256: p.body.sha256, baseVersion: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('risk_list_changed');
    expect(await version()).toBe(2);
    const again = await post<RiskPreview>('/v1/console/risk/preview', { csv: next });
    expect(again.body).toMatchObject({ baseVersion: 2, added: 3, removed: 1 });
    expect((await post('/v1/console/risk/publish', { csv: next, sha256: again.body.sha256, baseVersion: 2 })).status).toBe(201);
    expect(await version()).toBe(3);
  });

  it('audits every preview and publish by who and from where, with counts and never a NIK', async () => {
    const entries = (await s.store.listAudit({ limit: 100_000 })).filter((e) => e.action.startsWith('risk.'));
    expect(entries.map((e) => e.action)).toEqual(['risk.preview', 'risk.preview', 'risk.preview', 'risk.publish', 'risk.preview', 'risk.preview', 'risk.publish']);
    expect(entries.every((e) => e.actorName === 'dinkes' && e.actorRole === 'health' && e.address !== null)).toBe(true);
    expect(entries[0]!.details).toMatchObject({ ok: false, badLines: 5, fileName: 'dinkes-salah.csv' });
    expect(entries[3]!.details).toMatchObject({ version: 1, added: 3, fileName: 'dinkes-1.csv' });
    const text = JSON.stringify(entries);
    for (const nik of [NIK_A, NIK_B, NIK_C]) expect(text).not.toContain(nik);
  });
});
