// Issue 9: a visitor at the gate goes before the sync agent's background risk list apply. The apply runs on
// a thread of its own (as the agent's does) against the same kiosk database; the gate raises the visitor
// flag (visitorSignal, what a scan does) and the apply stops between slices until the decision — counted in
// slices, not timed — and, with nobody lowering the flag, goes on after the cap so sync cannot starve.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { FileKeyStore, openKioskStore, type KioskStore } from '../../electron/store/index';
import { visitorSignal } from '../../electron/app/give-way';
import { workerScript } from '../../electron/app/sync-thread';
import { SHARED_BYTES, sharedViews } from '../../electron/app/sync-thread-protocol';
import { demoDeviceConfig, ManualClock, tempDir } from '../helpers/store';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});

// 60,000 entries: 6 slices of 10,000, a pause before each, one before the swap and one before clearing the old list
const ENTRIES = 60_000;
const PAUSES = 8;

function setUp(): { gate: KioskStore; dbPath: string; keyPath: string } {
  const { dir, cleanup } = tempDir('jejak-giveway-');
  const dbPath = path.join(dir, 'kiosk.db');
  const keyPath = path.join(dir, 'data.key');
  const gate = openKioskStore({ path: dbPath, keyStore: new FileKeyStore(keyPath), clock: new ManualClock() });
  gate.saveDeviceConfig(demoDeviceConfig());
  cleanups.push(() => {
    gate.close();
    cleanup();
  });
  return { gate, dbPath, keyPath };
}

function startApply(dbPath: string, keyPath: string, shared: SharedArrayBuffer, capMs?: number): Promise<{ done: true; capped: number; holds: number }> {
  const { script, evalCode } = workerScript(path.join(import.meta.dirname, 'workers', 'apply-snapshot-worker.ts'));
  const entries = Array.from({ length: ENTRIES }, () => randomBytes(32).toString('hex'));
  const worker = new Worker(script, { eval: evalCode, workerData: { dbPath, keyPath, shared, entries, ...(capMs !== undefined ? { capMs } : {}) } });
  cleanups.push(async () => void (await worker.terminate()));
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

const until = async (what: () => boolean, label: string): Promise<void> => {
  for (let i = 0; i < 600 && !what(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!what()) throw new Error(`never happened: ${label}`);
};

describe('the risk list apply gives way to a visitor at the gate', () => {
  it('stops between slices while a visitor is being checked and finishes after the decision', async () => {
    const { gate, dbPath, keyPath } = setUp();
    const shared = new SharedArrayBuffer(SHARED_BYTES);
    const { slices } = sharedViews(shared);
    const visitor = visitorSignal(sharedViews(shared).visitor);

    visitor.active(true); // a visitor scanned: the apply that starts now must wait at its first pause
    const done = startApply(dbPath, keyPath, shared);
    await until(() => Atomics.load(slices, 0) >= 1, 'the apply reached its first pause');
    // the gate keeps deciding meanwhile: several store calls on its own connection, no slice goes in
    for (let i = 0; i < 5; i++) {
      gate.recordVisit({ direction: 'entry', outcome: 'ADMIT', reason: 'ADMIT', nikHash: randomBytes(32).toString('hex'), faceDistance: 0.3, livenessScore: 0.9, riskListVersion: null });
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(Atomics.load(slices, 0)).toBe(1);
    expect(gate.riskListMeta()).toBeNull();
    expect(gate.riskListCount()).toBe(0);

    visitor.active(false); // decided
    const result = await done;
    expect(Atomics.load(slices, 0)).toBe(PAUSES);
    expect(result).toMatchObject({ capped: 0, holds: 1 });
    expect(gate.riskListMeta()).toMatchObject({ version: 2, count: ENTRIES });
    expect(gate.outboxDepth()).toBe(5);
  });

  it('goes on after the cap when the visitor is never decided (sync cannot starve)', async () => {
    const { gate, dbPath, keyPath } = setUp();
    const shared = new SharedArrayBuffer(SHARED_BYTES);
    const { slices } = sharedViews(shared);
    visitorSignal(sharedViews(shared).visitor).active(true); // and never lowered
    const result = await startApply(dbPath, keyPath, shared, 300);
    expect(Atomics.load(slices, 0)).toBe(PAUSES);
    // held once, at the first pause, until the cap; the rest of the apply no longer waits for this visitor
    expect(result).toMatchObject({ capped: 1, holds: 1 });
    expect(gate.riskListMeta()).toMatchObject({ version: 2, count: ENTRIES });
  });

  it('does not pause at all when no visitor is at the gate', async () => {
    const { gate, dbPath, keyPath } = setUp();
    const shared = new SharedArrayBuffer(SHARED_BYTES);
    const result = await startApply(dbPath, keyPath, shared);
    expect(Atomics.load(sharedViews(shared).slices, 0)).toBe(PAUSES);
    expect(result).toMatchObject({ capped: 0, holds: 0 });
    expect(gate.riskListMeta()).toMatchObject({ version: 2, count: ENTRIES });
  });
});
