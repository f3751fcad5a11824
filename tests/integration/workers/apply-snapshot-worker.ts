// The agent's side of give-way, on a thread of its own as in the app: its own connection to the kiosk
// database, a risk list snapshot applied in slices, and between slices the real give-way (give-way.ts)
// on the shared visitor flag. Counts the pauses in the shared buffer so the test sees how far it got.
import { parentPort, workerData } from 'node:worker_threads';
import { FileKeyStore, openKioskStore } from '../../../electron/store/index';
import { giveWayToVisitor } from '../../../electron/app/give-way';
import { sharedViews } from '../../../electron/app/sync-thread-protocol';

const init = workerData as { dbPath: string; keyPath: string; shared: SharedArrayBuffer; entries: string[]; capMs?: number };
const { visitor, slices } = sharedViews(init.shared);
const held: { heldMs: number; capped: boolean }[] = [];
const giveWay = giveWayToVisitor(visitor, { ...(init.capMs !== undefined ? { capMs: init.capMs } : {}), onHeld: (heldMs, capped) => held.push({ heldMs, capped }) });
const store = openKioskStore({
  path: init.dbPath,
  keyStore: new FileKeyStore(init.keyPath),
  clock: { now: () => new Date() },
  betweenSlices: () => {
    Atomics.add(slices, 0, 1);
    giveWay();
  },
});
store.applyRiskSnapshot(
  { listId: 'bogor-dinkes', version: 2, issuedAt: '2026-11-29T00:00:00.000Z', expiresAt: '2026-12-30T00:00:00.000Z', count: init.entries.length, digest: 'sha256:v2' },
  init.entries.map((nikHash) => ({ nikHash, status: 'CONFIRMED' as const, validUntil: null })),
);
store.close();
parentPort!.postMessage({ done: true, capped: held.filter((h) => h.capped).length, holds: held.length });
