// The messages between the kiosk's main thread (the gate) and the sync agent's worker thread
// (sync-thread.ts / sync-thread-worker.ts). Both sides parse every message they receive with these
// schemas: a thread boundary is a process edge, and a message of the wrong shape is a bug to surface
// (it fails the call that sent it), never a value to trust.
import { z } from 'zod';
import type { SyncCycleReport, SyncStatus } from '../../sync/agent/sync-agent';
import type { LookupResult } from '../../sync/agent/registrations';
import { LOG_EVENTS } from '../../sync/protocol/log-events';

const Iso = z.string();
const Reason = z.string();

export const SyncStatusMsg = z.object({
  state: z.enum(['unenrolled', 'idle', 'syncing', 'online', 'offline', 'revoked', 'stopped']),
  online: z.boolean(),
  queueDepth: z.number().int().nonnegative(),
  alertQueueDepth: z.number().int().nonnegative(),
  lastSuccessfulSyncAt: Iso.nullable(),
  lastAttemptAt: Iso.nullable(),
  lastError: z.object({ code: z.string(), at: Iso }).nullable(),
  consecutiveFailures: z.number().int().nonnegative(),
  nextAttemptAt: Iso.nullable(),
  riskListVersion: z.number().int().nullable(),
  riskListAgeSeconds: z.number().nullable(),
  riskListExpiresAt: Iso.nullable(),
  clockOffsetMs: z.number().nullable(),
  clockOff: z.boolean(),
});

const FailureActionMsg = z.discriminatedUnion('action', [
  z.object({ action: z.literal('retry'), retryAfterMs: z.number().nullable(), reason: Reason }),
  z.object({ action: z.literal('split'), reason: Reason }),
  z.object({ action: z.literal('halve'), reason: Reason }),
  z.object({ action: z.literal('stop'), reason: Reason }),
]);

const DrainReportMsg = z.object({
  batches: z.number(),
  accepted: z.number(),
  duplicate: z.number(),
  deadLettered: z.number(),
  stoppedBy: FailureActionMsg.nullable(),
  emptied: z.boolean(),
});

const HttpFailureMsg = z.union([
  z.object({ ok: z.literal(false), kind: z.literal('http'), status: z.number(), data: z.unknown(), headers: z.record(z.string(), z.string()), reasonCode: z.string().nullable(), retryAfterMs: z.number().nullable() }),
  z.object({ ok: z.literal(false), kind: z.literal('network'), code: z.string(), message: z.string() }),
  // a 2xx whose body is not what the route table says (captive portal, another server): call() refuses it
  z.object({ ok: z.literal(false), kind: z.literal('answer'), status: z.number(), detail: z.string() }),
]);

const RiskPullResultMsg = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('current'), version: z.number() }),
  z.object({ kind: z.literal('applied'), mode: z.enum(['snapshot', 'delta']), fromVersion: z.number(), version: z.number(), entries: z.number(), changes: z.number() }),
  z.object({ kind: z.literal('rejected'), code: z.string(), detail: z.string() }),
  z.object({ kind: z.literal('failure'), result: HttpFailureMsg }),
]);

export const SyncCycleReportMsg = z.object({
  ok: z.boolean(),
  alerts: DrainReportMsg.nullable(),
  visits: DrainReportMsg.nullable(),
  checkouts: DrainReportMsg.nullable(),
  risk: RiskPullResultMsg.nullable(),
  registrations: z.enum(['done', 'failed', 'skipped']),
  heartbeat: z.enum(['sent', 'failed', 'skipped']),
  failure: FailureActionMsg.nullable(),
});

const LookupResultMsg = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('found'), registrationId: z.string() }),
  z.object({ kind: z.literal('not_registered') }),
  z.object({ kind: z.literal('unavailable'), reason: z.string() }),
]);

const CallId = z.number().int().positive();

/** main thread → worker */
export const ToSyncWorker = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('start') }),
  z.object({ kind: z.literal('stop'), id: CallId }),
  z.object({ kind: z.literal('syncNow'), id: CallId }),
  z.object({ kind: z.literal('lookup'), id: CallId, nikHash: z.string(), timeoutMs: z.number().positive().optional() }),
  z.object({ kind: z.literal('notifyRecorded'), alert: z.boolean() }),
  z.object({ kind: z.literal('wake') }),
]);
export type ToSyncWorker = z.infer<typeof ToSyncWorker>;

const ErrorMsg = z.object({ name: z.string(), message: z.string(), code: z.string().optional() });

/** worker → main thread (a plain union: the two `result` shapes share their discriminator) */
export const FromSyncWorker = z.union([
  /** the worker's store is open and the agent built: its first status */
  z.object({ kind: z.literal('ready'), status: SyncStatusMsg, serverOffsetMs: z.number().nullable() }),
  /** the worker could not open its store or build the agent: the thread ends */
  z.object({ kind: z.literal('fatal'), error: ErrorMsg }),
  z.object({ kind: z.literal('status'), status: SyncStatusMsg, serverOffsetMs: z.number().nullable() }),
  z.object({ kind: z.literal('cycle'), report: SyncCycleReportMsg }),
  z.object({ kind: z.literal('riskUpdated'), result: RiskPullResultMsg }),
  z.object({ kind: z.literal('riskRejected'), result: RiskPullResultMsg }),
  z.object({ kind: z.literal('alertsSent'), count: z.number() }),
  z.object({ kind: z.literal('revoked'), reason: z.string() }),
  z.object({ kind: z.literal('log'), level: z.enum(['info', 'warn', 'error']), event: z.enum(LOG_EVENTS), fields: z.record(z.string(), z.unknown()) }),
  z.object({ kind: z.literal('result'), id: CallId, ok: z.literal(true), value: z.union([SyncCycleReportMsg, LookupResultMsg, z.null()]) }),
  z.object({ kind: z.literal('result'), id: CallId, ok: z.literal(false), error: ErrorMsg }),
]);
export type FromSyncWorker = z.infer<typeof FromSyncWorker>;

/** What the main thread hands the worker at start (workerData). */
export const SyncWorkerInit = z.object({
  dbPath: z.string(),
  /** the device data key (32 bytes): the worker opens its own connection to the same sealed database */
  dataKey: z.instanceof(Uint8Array).refine((k) => k.length === 32, 'the data key is 32 bytes'),
  keyStoreKind: z.string(),
  appVersion: z.string(),
  /** the agent's options that cross as plain data (no functions: a thread boundary) */
  agentOptions: z.record(z.string(), z.unknown()),
  /** [0] device clock − system clock in ms (tests move the clock), [1] gate connection busy counter */
  shared: z.instanceof(SharedArrayBuffer),
});
export type SyncWorkerInit = z.infer<typeof SyncWorkerInit>;

/**
 * Layout of `shared`: BigInt64 clock skew at byte 0, Int32 gate-busy counter at byte 8, Int32 visitor flag
 * at byte 12 (give-way.ts: a visitor is being checked), Int32 count of the agent's apply slices at byte 16
 * (what it has written of a long apply; diagnostics and tests).
 */
export const SHARED_BYTES = 24;
export function sharedViews(buf: SharedArrayBuffer): { skew: BigInt64Array; gateBusy: Int32Array; visitor: Int32Array; slices: Int32Array } {
  return { skew: new BigInt64Array(buf, 0, 1), gateBusy: new Int32Array(buf, 8, 1), visitor: new Int32Array(buf, 12, 1), slices: new Int32Array(buf, 16, 1) };
}

// The schemas mirror the agent's types; these lines fail to compile if the two drift apart.
type Assert<T extends true> = T;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export type _StatusMatches = Assert<Same<z.infer<typeof SyncStatusMsg>, SyncStatus>>;
export type _LookupMatches = Assert<Same<z.infer<typeof LookupResultMsg>, LookupResult>>;
export type _ReportFits = Assert<z.infer<typeof SyncCycleReportMsg> extends Omit<SyncCycleReport, 'risk'> ? true : false>;
