// The kiosk keeps its face engine available: a passing load failure is retried after a pause, a missing
// model is not (the kiosk REFERs everyone until the install is fixed).
import { describe, expect, it } from 'vitest';
import { superviseEngine } from '../../electron/app/engine-supervisor';
import { createEventLog } from '../../electron/kiosk/event-log';
import { createFaceEngine } from '../../models/engine/create';

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('engine supervisor', () => {
  it('retries a failed load after its pause and then serves the engine', async () => {
    let nowMs = 0;
    let calls = 0;
    const log = createEventLog({ now: () => new Date(nowMs) });
    const sup = superviseEngine({
      // First: a worker file that is not there (a broken start); then the real engine.
      load: () => (++calls === 1 ? createFaceEngine({ workerEntry: '/nonexistent/face-worker.mjs' }) : createFaceEngine({ inWorker: false })),
      log,
      now: () => nowMs,
      retryMs: [5000],
    });
    try {
      await sup.firstAttempt;
      expect(sup.get()).toBeNull();
      expect(sup.loadError()?.code).toBe('ENGINE_FAILED');
      nowMs += 1000;
      sup.get();
      expect(calls).toBe(1);
      nowMs += 5000;
      sup.get();
      expect(calls).toBe(2);
      for (let i = 0; i < 200 && !sup.get(); i++) await new Promise((r) => setTimeout(r, 50));
      expect(sup.get()?.status().ready).toBe(true);
      expect(sup.loadError()).toBeNull();
      expect(log.entries().map((e) => e.event)).toEqual(['engine.load_failed', 'engine.loaded']);
    } finally {
      await sup.close();
    }
  }, 60_000);

  it('does not retry when the model files are missing', async () => {
    let nowMs = 0;
    let calls = 0;
    const sup = superviseEngine({
      load: () => (calls++, createFaceEngine({ weightsDir: '/nonexistent/weights', inWorker: false })),
      log: createEventLog({ now: () => new Date(nowMs) }),
      now: () => nowMs,
      retryMs: [10],
    });
    try {
      await sup.firstAttempt;
      const e = sup.get();
      const code = e ? e.status().error?.code : sup.loadError()?.code;
      expect(code).toBe('MODEL_MISSING');
      for (let i = 0; i < 5; i++) {
        nowMs += 60_000;
        sup.get();
        await settle();
      }
      expect(calls).toBe(1);
    } finally {
      await sup.close();
    }
  }, 60_000);
});
