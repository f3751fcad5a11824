// The batch drain state machine: takes the oldest rows of a queue (outbox or alert outbox), uploads them,
// and settles each row by the server's per-item answer. Pure control flow over two ports, so the same
// machine drains visits and alerts and is tested without a network.
//
// Invariants (they are what "nothing lost, nothing duplicated" rests on):
// - a row leaves the queue ONLY on `accepted` or `duplicate` (the server has it) — or into the dead-letter
//   table on `rejected`/`conflict` (kept with its reason, never silently dropped);
// - a row the server did not answer stays queued and is sent again later (ingest is idempotent by id);
// - one bad row never blocks the rest: a whole-batch 400 is bisected until the poison row is alone;
// - also when the server answers it with a 5xx (a value its database refuses): after `isolateAfter`
//   failed tries of the same head batch the batch is bisected, and a lone row that still gets a 5xx while
//   a later request went through is dead-lettered (POISON:…). When nothing goes through, the server is
//   down, not the row: nothing is dead-lettered and the drain stops as before.
import type { FailureAction } from './backoff';

export type ItemStatus = 'accepted' | 'duplicate' | 'rejected' | 'conflict';

export interface ItemResult {
  id: string;
  status: ItemStatus;
  reason?: string | undefined;
}

export type UploadOutcome =
  | { kind: 'results'; results: ItemResult[] }
  | { kind: 'failure'; failure: FailureAction; status?: number | undefined };

export interface DrainQueue<T extends { id: string }> {
  /** the oldest `limit` rows still queued (not dead-lettered) */
  peek(limit: number): T[];
  /** the server has these rows: remove them from the queue */
  ack(ids: string[]): void;
  /** the server will never take these rows: move them aside with the reason */
  deadLetter(entries: { id: string; reason: string }[]): void;
}

export type Uploader<T> = (items: T[]) => Promise<UploadOutcome>;

export interface DrainState {
  /** current batch size; shrinks on 413, grows back after successes */
  batchSize: number;
  /** consecutive successful batches since the last shrink */
  successes?: number;
  /** consecutive 5xx answers to a batch starting with this row (poison isolation for server errors) */
  serverErrors?: { headId: string; count: number };
}

/** failed tries with a 5xx of the same head batch before it is bisected */
export const ISOLATE_AFTER_SERVER_ERRORS = 3;

export interface DrainReport {
  batches: number;
  accepted: number;
  duplicate: number;
  deadLettered: number;
  /** set when the drain stopped before the queue was empty */
  stoppedBy: FailureAction | null;
  /** rows left queued when the drain ended (queue depth may have grown meanwhile from new visits) */
  emptied: boolean;
}

export const MAX_BATCH = 500;

type StepResult = { ok: true } | { ok: false; failure: FailureAction; status?: number | undefined } | { ok: 'again' };

export async function drainQueue<T extends { id: string }>(
  queue: DrainQueue<T>,
  upload: Uploader<T>,
  state: DrainState = { batchSize: MAX_BATCH },
  opts: { maxBatch?: number; maxBatches?: number; shouldStop?: () => boolean; isolateAfter?: number } = {},
): Promise<DrainReport> {
  const isolateAfter = opts.isolateAfter ?? ISOLATE_AFTER_SERVER_ERRORS;
  const maxBatch = Math.min(opts.maxBatch ?? MAX_BATCH, MAX_BATCH);
  state.batchSize = Math.max(1, Math.min(state.batchSize, maxBatch));
  const report: DrainReport = { batches: 0, accepted: 0, duplicate: 0, deadLettered: 0, stoppedBy: null, emptied: false };

  const settle = (items: T[], results: ItemResult[]): boolean => {
    const sent = new Set(items.map((i) => i.id));
    const ack: string[] = [];
    const dead: { id: string; reason: string }[] = [];
    for (const r of results) {
      if (!sent.has(r.id)) continue; // an answer for a row we did not send in this batch: ignore it
      sent.delete(r.id);
      if (r.status === 'accepted' || r.status === 'duplicate') {
        ack.push(r.id);
        if (r.status === 'accepted') report.accepted++;
        else report.duplicate++;
      } else {
        dead.push({ id: r.id, reason: `${r.status.toUpperCase()}${r.reason ? `:${r.reason}` : ''}` });
      }
    }
    if (ack.length) queue.ack(ack);
    if (dead.length) {
      queue.deadLetter(dead);
      report.deadLettered += dead.length;
    }
    // Rows the server did not mention stay queued. If it mentioned none, retrying at once would spin.
    return ack.length + dead.length > 0;
  };

  const step = async (items: T[]): Promise<StepResult> => {
    report.batches++;
    const outcome = await upload(items);
    if (outcome.kind === 'results') {
      return settle(items, outcome.results)
        ? { ok: true }
        : { ok: false, failure: { action: 'retry', retryAfterMs: null, reason: 'EMPTY_ANSWER' } };
    }
    const f = outcome.failure;
    if (f.action === 'split') {
      if (items.length === 1) {
        queue.deadLetter([{ id: items[0]!.id, reason: `POISON:${f.reason}` }]);
        report.deadLettered++;
        return { ok: true };
      }
      const mid = Math.ceil(items.length / 2);
      for (const half of [items.slice(0, mid), items.slice(mid)]) {
        const r = await step(half);
        if (r.ok !== true) return r;
      }
      return { ok: true };
    }
    if (f.action === 'halve') {
      if (items.length === 1) {
        queue.deadLetter([{ id: items[0]!.id, reason: `TOO_LARGE:${f.reason}` }]);
        report.deadLettered++;
        return { ok: true };
      }
      state.batchSize = Math.max(1, Math.floor(items.length / 2));
      state.successes = 0;
      return { ok: 'again' };
    }
    return { ok: false, failure: f, status: outcome.status };
  };

  /**
   * Bisects a batch the server keeps answering with a 5xx. Rows that go through are settled as usual;
   * lone rows that still fail are suspects, dead-lettered only when a later request went through (the
   * server works, these rows break it). Three suspects in a row with nothing through: the server is
   * down, not the rows; stop and keep them queued.
   */
  const isolate = async (items: T[]): Promise<StepResult> => {
    const suspects: { id: string; reason: string }[] = [];
    const confirmed: { id: string; reason: string }[] = [];
    let failed: StepResult | null = null;
    const visit = async (part: T[]): Promise<boolean> => {
      const r = await step(part);
      if (r.ok !== false) {
        confirmed.push(...suspects.splice(0));
        return true;
      }
      failed = r;
      if ((r.status ?? 0) < 500) return false;
      if (part.length === 1) {
        suspects.push({ id: part[0]!.id, reason: `POISON:${r.failure.reason}` });
        return suspects.length < 3;
      }
      const mid = Math.ceil(part.length / 2);
      return (await visit(part.slice(0, mid))) && visit(part.slice(mid));
    };
    const finished = await visit(items);
    if (confirmed.length > 0) {
      queue.deadLetter(confirmed);
      report.deadLettered += confirmed.length;
    }
    if (finished && suspects.length === 0) return { ok: true };
    return failed ?? { ok: true };
  };

  for (;;) {
    if (opts.shouldStop?.()) return report;
    if (opts.maxBatches !== undefined && report.batches >= opts.maxBatches) return report;
    const items = queue.peek(state.batchSize);
    if (items.length === 0) {
      report.emptied = true;
      return report;
    }
    const head = items[0]!.id;
    const streak = state.serverErrors?.headId === head ? state.serverErrors.count : 0;
    const r = streak >= isolateAfter ? await isolate(items) : await step(items);
    if (r.ok === false) {
      if ((r.status ?? 0) >= 500) state.serverErrors = { headId: head, count: streak + 1 };
      report.stoppedBy = r.failure;
      return report;
    }
    delete state.serverErrors;
    // A 413 shrank the batch; a run of successes grows it back so one large row does not slow the queue
    // for ever, without bouncing straight back into the size the server just refused.
    if (r.ok === true && state.batchSize < maxBatch) {
      state.successes = (state.successes ?? 0) + 1;
      if (state.successes >= 4) {
        state.batchSize = Math.min(maxBatch, state.batchSize * 2);
        state.successes = 0;
      }
    }
  }
}
