// Dinkes' risk list in the console: the list in force (and how many kiosks report having it), the
// preview of an uploaded CSV and its explicit publish. The CSV is checked by the same parser as the
// CLI's import-risk (risk/csv.ts) and published by the same publisher (signed, chunked, with a delta).
// Nothing is kept between preview and publish: the browser sends the file again with the preview's
// sha256 and base version, so any server process can publish it and a stale preview cannot slip through.
import type { RiskListStatus, RiskPreview, RiskPublishResponse } from '../../protocol/api/console-risk';
import { RISK_PREVIEW_MAX_ERRORS } from '../../protocol/api/console-risk';
import { sha256Hex } from '../../protocol/crypto';
import { buildSnapshotChunks, LtHash16, sortByNikHash } from '../../protocol/risk-feed';
import { RISK_STATUSES } from '../../protocol/risk-status';
import type { RiskStatus } from '../../protocol/risk-status';
import type { CityAdmin } from '../admin';
import type { Clock } from '../../protocol/clock';
import type { ServerConfig } from '../config';
import { ApiError } from '../http/errors';
import { parseRiskCsv } from '../risk/csv';
import { diffSnapshots } from '../risk/snapshot-diff';
import type { Handlers } from '../routes/register';
import type { ServerStore } from '../store/types';
import type { Actor } from './audit';
import { recordAudit } from './audit';

export interface RiskListDeps {
  store: ServerStore;
  clock: Clock;
  config: ServerConfig;
  admin: CityAdmin;
}

const noneByStatus = () => Object.fromEntries(RISK_STATUSES.map((k) => [k, 0])) as Record<RiskStatus, number>;

interface Upload {
  csv: string;
  fileName?: string;
}

export async function riskListStatus({ store, clock, config, admin }: RiskListDeps): Promise<RiskListStatus> {
  const now = clock.now().getTime();
  const latest = await store.latestRiskVersion(config.riskListId);
  const version = latest?.version ?? 0;
  const devices = (await admin.fleet()).filter((d) => d.status !== 'revoked');
  const reported = devices.filter((d) => d.heartbeat !== null);
  const current = reported.filter((d) => d.heartbeat!.riskListVersion === version && version > 0).length;
  return {
    listId: config.riskListId,
    version,
    publishedAt: latest ? new Date(latest.publishedAt).toISOString() : null,
    ageSeconds: latest ? Math.max(0, Math.floor((now - latest.publishedAt) / 1000)) : null,
    entryCount: latest?.entryCount ?? 0,
    kiosks: { total: devices.length, current, behind: reported.length - current, unknown: devices.length - reported.length },
    serverTime: new Date(now).toISOString(),
  };
}

/** Checks the file and counts what publishing it would change. Changes nothing (beyond its audit entry). */
export async function previewRiskCsv(deps: RiskListDeps, upload: Upload, actor: Actor, address: string | null): Promise<RiskPreview> {
  const { store, config, admin } = deps;
  const sha256 = sha256Hex(upload.csv);
  const parsed = parseRiskCsv(upload.csv, admin.keys.nikHashKey, { maxErrors: RISK_PREVIEW_MAX_ERRORS + 1 });
  const latest = await store.latestRiskVersion(config.riskListId);
  const base = {
    sha256, fileName: upload.fileName ?? null, baseVersion: latest?.version ?? 0,
    dataLines: upload.csv.replace(/^\ufeff/, '').split(/\r?\n/).slice(1).filter((l) => l.trim() !== '').length,
  };
  let preview: RiskPreview;
  if (!parsed.ok) {
    preview = {
      ...base, ok: false, entryCount: 0, added: 0, changed: 0, removed: 0, unchanged: 0, byStatus: noneByStatus(),
      errors: parsed.errors.slice(0, RISK_PREVIEW_MAX_ERRORS), errorsTruncated: parsed.errors.length > RISK_PREVIEW_MAX_ERRORS,
    };
  } else {
    const sorted = sortByNikHash(parsed.entries);
    // the same byte-level diff as the publication, so the preview's counts are the ones publishing will report
    const diff = diffSnapshots(latest ? await store.currentRiskSnapshot(config.riskListId) : [], buildSnapshotChunks(sorted, config.riskChunkEntries, new LtHash16()).chunks.map((c) => c.bytes));
    const byStatus = noneByStatus();
    for (const e of sorted) byStatus[e.status]++;
    preview = {
      ...base, ok: true, entryCount: sorted.length, added: diff.added, changed: diff.changed, removed: diff.removed,
      unchanged: sorted.length - diff.added - diff.changed, byStatus, errors: [], errorsTruncated: false,
    };
  }
  // the file holds NIKs: reading it is an access to personal data (only counts go in the log)
  await recordAudit(deps, actor, 'risk.preview', `risk-list:${config.riskListId}`, {
    sha256, fileName: preview.fileName, ok: preview.ok, dataLines: preview.dataLines, badLines: parsed.ok ? 0 : parsed.errors.length,
    baseVersion: preview.baseVersion, added: preview.added, changed: preview.changed, removed: preview.removed,
  }, { address });
  return preview;
}

/** Publishes exactly the previewed file as the next signed version, or refuses and changes nothing. */
export async function publishRiskCsv(
  deps: RiskListDeps, upload: Upload & { sha256: string; baseVersion: number }, actor: Actor, address: string | null,
): Promise<RiskPublishResponse> {
  const { store, config, admin } = deps;
  if (sha256Hex(upload.csv) !== upload.sha256) throw new ApiError(409, 'risk_preview_mismatch');
  const parsed = parseRiskCsv(upload.csv, admin.keys.nikHashKey, { maxErrors: 20 });
  if (!parsed.ok) throw new ApiError(422, 'risk_csv_invalid', parsed.errors.map((e) => ({ path: `line ${e.line}`, message: e.message.en })));
  const versionNow = async () => (await store.latestRiskVersion(config.riskListId))?.version ?? 0;
  if ((await versionNow()) !== upload.baseVersion) throw new ApiError(409, 'risk_list_changed');
  let summary;
  try {
    summary = await admin.publishRiskEntries(parsed.entries);
  } catch (err) {
    // two officers publishing at once: the store refuses the second version number; say why
    if ((await versionNow()) !== upload.baseVersion) throw new ApiError(409, 'risk_list_changed');
    throw err;
  }
  await recordAudit(deps, actor, 'risk.publish', `risk-list:${config.riskListId}`, {
    sha256: upload.sha256, fileName: upload.fileName ?? null, version: summary.version, previousVersion: summary.previousVersion,
    entryCount: summary.entryCount, added: summary.added, changed: summary.changed, removed: summary.removed,
  }, { address });
  return { version: summary.version, previousVersion: summary.previousVersion, entryCount: summary.entryCount, added: summary.added, changed: summary.changed, removed: summary.removed };
}

/** The console's risk list routes (their input arrives validated by the route table's schemas). */
export function riskHandlers(deps: RiskListDeps): Pick<Handlers, 'consoleRiskStatus' | 'consoleRiskPreview' | 'consoleRiskPublish'> {
  return {
    consoleRiskStatus: async () => riskListStatus(deps),
    consoleRiskPreview: async ({ req, body, principal: p }) => previewRiskCsv(deps, body, p.actor, req.ip ?? null),
    consoleRiskPublish: async ({ req, body, principal: p }) => publishRiskCsv(deps, body, p.actor, req.ip ?? null),
  };
}
