// Keeps a face engine available: loads it in the background, and reloads it (with growing pauses) when
// loading failed for a passing reason or the inference worker died. Missing or altered weight files are
// not passing: those stay failed (the kiosk REFERs everyone) until someone fixes the install.
import type { ApiError } from '../contract/kiosk-api';
import type { FaceEngine } from '../../models/engine/types';
import type { FaceEngineSource } from '../kiosk/deps';
import type { EventLog } from '../kiosk/event-log';
import type { Bilingual } from '../../sync/protocol/bilingual';

export interface EngineSupervisorOptions {
  load: () => Promise<FaceEngine>;
  log: EventLog;
  now: () => number;
  /** pauses between attempts, ms (the last repeats) */
  retryMs?: number[];
  /** the first attempt starts once this settles (default: at once); until then the engine is loading */
  startAfter?: Promise<unknown>;
}

export interface EngineSupervisor extends FaceEngineSource {
  /** resolves after the first load attempt settled */
  firstAttempt: Promise<void>;
  close(): Promise<void>;
}

const PERMANENT = new Set(['MODEL_MISSING', 'MODEL_CORRUPT']);

export function engineFailure(err: unknown): ApiError {
  const e = err as { code?: string; bilingual?: Bilingual; message?: string };
  if (e && typeof e.code === 'string' && e.bilingual) return { code: e.code, message: e.bilingual };
  return { code: 'ENGINE_FAILED', message: { id: 'Mesin wajah gagal dimuat', en: `The face engine failed to load${e?.message ? `: ${e.message}` : ''}` } };
}

export function superviseEngine(opts: EngineSupervisorOptions): EngineSupervisor {
  const retryMs = opts.retryMs ?? [5_000, 15_000, 60_000, 300_000];
  let engine: FaceEngine | null = null;
  let loadError: ApiError | null = null;
  let attempts = 0;
  let nextTryAt = 0;
  let loading: Promise<void> | null = null;
  let closed = false;

  const failed = (err: unknown): void => {
    loadError = engineFailure(err);
    nextTryAt = opts.now() + retryMs[Math.min(attempts - 1, retryMs.length - 1)]!;
    opts.log.error('engine.load_failed', { code: loadError.code, file: (err as { file?: string }).file ?? null, attempt: attempts });
  };

  const attempt = (): Promise<void> => {
    attempts += 1;
    loading = opts.load().then(
      (e) => {
        if (closed) return void e.close();
        const st = e.status();
        // The engine reports a failed start through its status rather than by throwing: a passing failure
        // (worker did not start) is a failed attempt with its pause; missing/altered weights stay as they are.
        if (!st.ready && st.error && !PERMANENT.has(st.error.code)) {
          void e.close().catch(() => undefined);
          failed({ code: st.error.code, bilingual: st.error.message });
          return;
        }
        engine = e;
        loadError = null;
        opts.log.info('engine.loaded', { ready: st.ready, backend: st.backend, detector: st.detector, model: st.recognitionModel, error: st.error?.code ?? null, attempt: attempts });
      },
      (err: unknown) => failed(err),
    ).finally(() => {
      loading = null;
    });
    return loading;
  };

  /** Called on use: a dead or failed engine is reloaded once its pause has passed. */
  const maybeReload = (): void => {
    if (closed || loading || opts.now() < nextTryAt) return;
    if (engine) {
      const st = engine.status();
      if (st.ready || (st.error && PERMANENT.has(st.error.code))) return;
      opts.log.warn('engine.reloading', { code: st.error?.code ?? null });
      const dead = engine;
      engine = null;
      loadError = st.error ? { code: st.error.code, message: st.error.message } : null;
      void dead.close().catch(() => undefined);
      void attempt();
      return;
    }
    if (loadError && !PERMANENT.has(loadError.code)) void attempt();
  };

  const firstAttempt = opts.startAfter
    ? opts.startAfter.then(
        () => (closed ? undefined : attempt()),
        () => (closed ? undefined : attempt()),
      )
    : attempt();
  return {
    firstAttempt,
    get() {
      maybeReload();
      return engine;
    },
    loadError: () => loadError,
    async settled(timeoutMs) {
      if (engine || closed) return;
      // before the first attempt started (startAfter) there is no `loading` yet: the first attempt is it
      const pending = loading ?? (attempts === 0 ? firstAttempt : null);
      if (!pending) return;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([pending.catch(() => undefined), new Promise<void>((r) => (timer = setTimeout(r, timeoutMs)))]);
      clearTimeout(timer);
    },
    async close() {
      closed = true;
      await loading;
      await engine?.close();
      engine = null;
    },
  };
}
