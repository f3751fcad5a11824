// The drain machine against an in-memory queue and a scripted server: what leaves the queue, what is
// dead-lettered, and what stays for the next try.
import { describe, expect, it } from 'vitest';
import { drainQueue, type DrainQueue, type ItemResult, type UploadOutcome } from '../../sync/agent/drain';
import { classifyHttpStatus } from '../../sync/agent/backoff';

interface Row { id: string; poison?: boolean; size?: number }

function memoryQueue(rows: Row[]): DrainQueue<Row> & { rows: Row[]; dead: { id: string; reason: string }[] } {
  const q = {
    rows: [...rows],
    dead: [] as { id: string; reason: string }[],
    peek: (limit: number) => q.rows.slice(0, limit),
    ack: (ids: string[]) => { const s = new Set(ids); q.rows = q.rows.filter((r) => !s.has(r.id)); },
    deadLetter: (e: { id: string; reason: string }[]) => {
      const s = new Set(e.map((x) => x.id));
      q.rows = q.rows.filter((r) => !s.has(r.id));
      q.dead.push(...e);
    },
  };
  return q;
}

const rowsOf = (n: number, prefix = 'v'): Row[] => Array.from({ length: n }, (_, i) => ({ id: `${prefix}${String(i).padStart(5, '0')}` }));
const allAccepted = (items: Row[]): UploadOutcome => ({ kind: 'results', results: items.map((i) => ({ id: i.id, status: 'accepted' as const })) });

describe('drainQueue', () => {
  it('sends at most 500 per batch and empties the queue', async () => {
    const q = memoryQueue(rowsOf(1234));
    const sizes: number[] = [];
    const report = await drainQueue(q, async (items) => { sizes.push(items.length); return allAccepted(items); });
    expect(sizes).toEqual([500, 500, 234]);
    expect(q.rows).toHaveLength(0);
    expect(report).toMatchObject({ accepted: 1234, emptied: true, stoppedBy: null });
  });

  it('removes accepted and duplicate rows, dead-letters rejected and conflict, keeps unanswered rows', async () => {
    const q = memoryQueue(rowsOf(5));
    let calls = 0;
    const report = await drainQueue(q, async (items) => {
      calls++;
      if (calls > 1) return { kind: 'failure', failure: classifyHttpStatus(503, null) };
      const results: ItemResult[] = [
        { id: items[0]!.id, status: 'accepted' },
        { id: items[1]!.id, status: 'duplicate' },
        { id: items[2]!.id, status: 'rejected', reason: 'BAD_GATE' },
        { id: items[3]!.id, status: 'conflict' },
        // items[4] not answered: must stay queued
      ];
      return { kind: 'results', results };
    });
    expect(q.rows.map((r) => r.id)).toEqual(['v00004']);
    expect(q.dead).toEqual([{ id: 'v00002', reason: 'REJECTED:BAD_GATE' }, { id: 'v00003', reason: 'CONFLICT' }]);
    expect(report.stoppedBy?.action).toBe('retry');
  });

  it('bisects a whole-batch 400 down to the poison row and sends everything else', async () => {
    const rows = rowsOf(500);
    rows[317] = { id: rows[317]!.id, poison: true };
    const q = memoryQueue([...rows, ...rowsOf(10, 'w')]);
    let calls = 0;
    const report = await drainQueue(q, async (items) => {
      calls++;
      if (items.some((i) => i.poison)) return { kind: 'failure', failure: classifyHttpStatus(400, null, 'SCHEMA') };
      return allAccepted(items);
    });
    expect(q.rows).toHaveLength(0);
    expect(q.dead).toEqual([{ id: 'v00317', reason: 'POISON:HTTP_400_SCHEMA' }]);
    expect(report.accepted).toBe(509);
    expect(calls).toBeLessThan(40); // log2(500) levels, not one request per row
  });

  it('halves the batch on 413 until the server takes it', async () => {
    const q = memoryQueue(rowsOf(600));
    const sizes: number[] = [];
    await drainQueue(q, async (items) => {
      sizes.push(items.length);
      if (items.length > 100) return { kind: 'failure', failure: classifyHttpStatus(413, null) };
      return allAccepted(items);
    });
    expect(q.rows).toHaveLength(0);
    expect(sizes.slice(0, 4)).toEqual([500, 250, 125, 62]);
    expect(Math.max(...sizes.slice(4))).toBeLessThanOrEqual(124 * 2);
  });

  it('dead-letters a single row the server says is too large instead of looping', async () => {
    const q = memoryQueue([{ id: 'big', size: 1e9 }, ...rowsOf(3)]);
    await drainQueue(q, async (items) => items.some((i) => i.size) ? { kind: 'failure', failure: classifyHttpStatus(413, null) } : allAccepted(items));
    expect(q.rows).toHaveLength(0);
    expect(q.dead.map((d) => d.id)).toEqual(['big']);
  });

  it('stops on a network failure leaving every unsent row queued', async () => {
    const q = memoryQueue(rowsOf(1200));
    let calls = 0;
    const report = await drainQueue(q, async (items) => {
      if (++calls === 2) return { kind: 'failure', failure: { action: 'retry', retryAfterMs: null, reason: 'NETWORK_ECONNRESET' } };
      return allAccepted(items);
    });
    expect(q.rows).toHaveLength(700);
    expect(report.stoppedBy?.reason).toBe('NETWORK_ECONNRESET');
    expect(report.emptied).toBe(false);
  });

  it('ignores answers for rows it did not send and does not spin on an empty answer', async () => {
    const q = memoryQueue(rowsOf(3));
    const report = await drainQueue(q, async () => ({ kind: 'results', results: [{ id: 'someone-else', status: 'accepted' }] }));
    expect(q.rows).toHaveLength(3);
    expect(report.stoppedBy?.reason).toBe('EMPTY_ANSWER');
  });
});
