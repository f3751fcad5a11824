// The sync agent's thread: its own connection to the kiosk database (SQLite WAL lets the gate's
// connection read and write beside it) and the real SyncAgent, so a 1M-entry risk list being
// downloaded, verified and applied never holds up the gate's event loop. Every outbox ack happens here,
// in this connection's transaction, so a visit leaves the queue only once the server has it, whichever
// thread stops first. Started by sync-thread.ts; speaks the messages of sync-thread-protocol.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { openKioskStore } from '../store';
import type { KioskStore } from '../store/types';
import type { EventLogger, LogEventName, LogFields, LogLevel } from '../../sync/protocol/log-events';
import { SyncAgent, type SyncAgentOptions } from '../../sync/agent/sync-agent';
import { SyncWorkerInit, ToSyncWorker, sharedViews, type FromSyncWorker } from './sync-thread-protocol';
import { giveWayToVisitor } from './give-way';

const port = parentPort;
if (!port) throw new Error('sync-thread-worker runs only as a worker thread');

function send(msg: FromSyncWorker): void {
  port!.postMessage(msg);
}

function errorOf(err: unknown): { name: string; message: string; code?: string } {
  const e = err instanceof Error ? err : new Error(String(err));
  const code = (e as { code?: unknown }).code;
  return { name: e.name, message: e.message, ...(typeof code === 'string' ? { code } : {}) };
}

const init = SyncWorkerInit.parse(workerData);
const { skew, gateBusy, visitor, slices } = sharedViews(init.shared);
// The device clock as the main thread sees it (tests move it): system time plus the shared skew.
const clock = { now: () => new Date(Date.now() + Number(Atomics.load(skew, 0))) };

/**
 * The agent's and this store connection's log lines go to the main thread's logger (which scrubs them
 * and keeps them in the log IT exports), not to a second log.
 */
function forward(level: LogLevel, event: LogEventName, fields?: LogFields): void {
  // plain data only across the thread boundary (an Error becomes its name and message)
  const plain = fields ? (JSON.parse(JSON.stringify(fields, (_k, v: unknown) => (v instanceof Error ? { name: v.name, message: v.message } : v))) as LogFields) : {};
  send({ kind: 'log', level, event, fields: plain });
}
const logger: EventLogger = {
  info: (event, fields) => forward('info', event, fields),
  warn: (event, fields) => forward('warn', event, fields),
  error: (event, fields) => forward('error', event, fields),
};

// While a visitor is being checked (scan → decision) the apply waits between slices (give-way.ts), at
// most VISITOR_HOLD_CAP_MS per visitor.
const giveWay = giveWayToVisitor(visitor, {
  onHeld: (heldMs, capped) => forward('info', 'sync.gave_way', { heldMs: Math.round(heldMs), capped }),
});

/**
 * Between the slices of a long write (a risk list snapshot) the gate goes first: a visitor being checked
 * (above), and the gate's connection while it is in a store call (gateBusy > 0) — that wait up to a bound
 * so a stuck counter cannot stall sync.
 */
function yieldToGate(): void {
  Atomics.add(slices, 0, 1);
  giveWay();
  const until = Date.now() + 250;
  for (let busy = Atomics.load(gateBusy, 0); busy > 0 && Date.now() < until; busy = Atomics.load(gateBusy, 0)) {
    Atomics.wait(gateBusy, 0, busy, 5);
  }
}

let store: KioskStore;
let agent: SyncAgent;
try {
  store = openKioskStore({
    path: init.dbPath,
    keyStore: { kind: init.keyStoreKind, loadOrCreateKey: () => Buffer.from(init.dataKey) },
    clock,
    logger,
    betweenSlices: yieldToGate,
    // this connection checkpoints (the gate's does not, compose.ts): small, frequent ones (1,000 pages,
    // 4 MiB) on this thread while a list goes in, not one large one that a gate write could run into
    walAutoCheckpoint: 1000,
  });
  agent = new SyncAgent({ ...(init.agentOptions as Partial<SyncAgentOptions>), store, clock, log: logger, appVersion: init.appVersion, gate: { giveWay } });
} catch (err) {
  send({ kind: 'fatal', error: errorOf(err) });
  process.exit(1);
}

const serverOffset = (): number | null => agent.status().clockOffsetMs;
const pushStatus = (): void => send({ kind: 'status', status: agent.status(), serverOffsetMs: serverOffset() });

agent.on('status', pushStatus);
agent.on('cycle', (report) => {
  send({ kind: 'cycle', report });
  pushStatus();
});
agent.on('risk-updated', (result) => send({ kind: 'riskUpdated', result }));
agent.on('risk-rejected', (result) => send({ kind: 'riskRejected', result }));
agent.on('alerts-sent', (count) => send({ kind: 'alertsSent', count }));
agent.on('revoked', (reason) => send({ kind: 'revoked', reason }));

port.on('message', (raw: unknown) => {
  const parsed = ToSyncWorker.safeParse(raw);
  if (!parsed.success) {
    send({ kind: 'log', level: 'error', event: 'sync.thread_bad_message', fields: { issues: parsed.error.issues.slice(0, 3).map((i) => i.message) } });
    return;
  }
  const m = parsed.data;
  switch (m.kind) {
    case 'start':
      agent.start();
      return;
    case 'wake':
      agent.wake();
      return;
    case 'notifyRecorded':
      agent.notifyRecorded({ alert: m.alert });
      return;
    case 'syncNow':
      agent.syncNow().then(
        (report) => {
          send({ kind: 'result', id: m.id, ok: true, value: report });
          pushStatus();
        },
        (err: unknown) => send({ kind: 'result', id: m.id, ok: false, error: errorOf(err) }),
      );
      return;
    case 'lookup':
      agent.lookupRegistration(m.nikHash, m.timeoutMs).then(
        (r) => send({ kind: 'result', id: m.id, ok: true, value: r }),
        (err: unknown) => send({ kind: 'result', id: m.id, ok: false, error: errorOf(err) }),
      );
      return;
    case 'stop':
      // The loop ends after its current step; every ack it made is committed in this connection.
      agent.stop().then(
        () => {
          pushStatus();
          store.close();
          send({ kind: 'result', id: m.id, ok: true, value: null });
          port!.close();
        },
        (err: unknown) => send({ kind: 'result', id: m.id, ok: false, error: errorOf(err) }),
      );
      return;
  }
});

send({ kind: 'ready', status: agent.status(), serverOffsetMs: serverOffset() });
