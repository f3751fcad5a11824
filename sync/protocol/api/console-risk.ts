// The risk list in the city console (Dinkes): the list in force and how many kiosks have it, a
// preview of an uploaded CSV (the CLI's validation: every bad line with its number and a bilingual
// reason; the counts it would add, change and remove), and an explicit publish of exactly the file
// previewed. A preview changes nothing; a publish of a bad file, or of another file than the one
// previewed, or over a list that changed since the preview, is refused and changes nothing.
import { z } from 'zod';
import type { ConsoleRole } from '../console/roles';
import { BilingualSchema } from '../bilingual';
import { RISK_STATUSES } from '../risk-status';
import { IsoDateTime, RiskListVersion, Sha256Hex, plainText } from './common';
import type { RouteSpec } from './routes';

const Count = z.number().int().nonnegative();
/**
 * Entries per status, every status named: an object with one property per status rather than a record
 * over the enum, whose JSON schema requires keys it never defines (OpenAPI linters refuse it).
 */
const ByStatus = z.strictObject(Object.fromEntries(RISK_STATUSES.map((s) => [s, Count])) as Record<(typeof RISK_STATUSES)[number], typeof Count>);

/** 64 MiB of CSV is ~1.8M lines of `nik,status,valid_until`: more than Bogor's whole population list. */
export const RISK_CSV_MAX_BYTES = 64 * 1024 * 1024;
/** The preview lists at most this many bad lines (the count of all of them is always given). */
export const RISK_PREVIEW_MAX_ERRORS = 10_000;

export const RiskCsvText = z.string().min(1, 'csv: the file is empty').max(RISK_CSV_MAX_BYTES);
export const RiskPreviewRequest = z.strictObject({ csv: RiskCsvText, fileName: plainText(200).optional() });
export const RiskCsvLineError = z.object({ line: z.number().int().positive(), code: z.string(), message: BilingualSchema });
export type RiskCsvLineError = z.infer<typeof RiskCsvLineError>;

export const RiskPreview = z.object({
  /** false: the file has bad lines and cannot be published */
  ok: z.boolean(),
  /** of the text as sent: the publish request names it, so exactly this file is published */
  sha256: Sha256Hex,
  fileName: z.string().nullable(),
  /** data lines in the file (blank lines not counted) */
  dataLines: z.number().int().nonnegative(),
  /** the version the counts are computed against (0: no list yet) */
  baseVersion: z.number().int().nonnegative(),
  entryCount: z.number().int().nonnegative(),
  added: z.number().int().nonnegative(),
  changed: z.number().int().nonnegative(),
  removed: z.number().int().nonnegative(),
  unchanged: z.number().int().nonnegative(),
  byStatus: ByStatus,
  errors: z.array(RiskCsvLineError),
  /** more bad lines than `errors` lists */
  errorsTruncated: z.boolean(),
});
export type RiskPreview = z.infer<typeof RiskPreview>;

export const RiskPublishRequest = z.strictObject({
  csv: RiskCsvText,
  /** the preview's sha256: a different file is refused */
  sha256: Sha256Hex,
  /** the preview's baseVersion: if the list changed since, the counts shown were wrong and it is refused */
  baseVersion: RiskListVersion,
  fileName: plainText(200).optional(),
});
export const RiskPublishResponse = z.object({
  version: z.number().int().positive(), previousVersion: z.number().int().nonnegative(), entryCount: z.number().int().nonnegative(),
  added: z.number().int().nonnegative(), changed: z.number().int().nonnegative(), removed: z.number().int().nonnegative(),
});
export type RiskPublishResponse = z.infer<typeof RiskPublishResponse>;

export const RiskListStatus = z.object({
  listId: z.string(),
  /** 0: nothing published yet */
  version: z.number().int().nonnegative(),
  publishedAt: IsoDateTime.nullable(),
  ageSeconds: z.number().int().nonnegative().nullable(),
  entryCount: z.number().int().nonnegative(),
  kiosks: z.object({
    /** enrolled and not revoked */
    total: z.number().int().nonnegative(),
    /** last heartbeat reports this version */
    current: z.number().int().nonnegative(),
    /** last heartbeat reports an older version (or none) */
    behind: z.number().int().nonnegative(),
    /** no heartbeat yet */
    unknown: z.number().int().nonnegative(),
  }),
  serverTime: IsoDateTime,
});
export type RiskListStatus = z.infer<typeof RiskListStatus>;

const HEALTH: readonly ConsoleRole[] = ['health'];

export const CONSOLE_RISK_ROUTES = {
  consoleRiskStatus: {
    method: 'GET', path: '/v1/console/risk', auth: 'console', roles: ['health', 'city-admin', 'auditor'],
    summary: 'The risk list in force: version, age, entries, and how many kiosks report having it (counts only)',
    response: { status: 200, schema: RiskListStatus },
  },
  consoleRiskPreview: {
    method: 'POST', path: '/v1/console/risk/preview', auth: 'console', roles: HEALTH,
    summary: 'Check a risk list CSV (nik,status,valid_until) and count what publishing it would change; changes nothing',
    body: RiskPreviewRequest, response: { status: 200, schema: RiskPreview }, bodyLimit: RISK_CSV_MAX_BYTES + 64 * 1024,
  },
  consoleRiskPublish: {
    method: 'POST', path: '/v1/console/risk/publish', auth: 'console', roles: HEALTH,
    summary: 'Publish the previewed CSV as the next signed version (refused: bad lines, another file, or the list changed since the preview)',
    body: RiskPublishRequest, response: { status: 201, schema: RiskPublishResponse }, bodyLimit: RISK_CSV_MAX_BYTES + 64 * 1024,
  },
} as const satisfies Record<string, RouteSpec & { auth: 'console'; roles: readonly ConsoleRole[] }>;
