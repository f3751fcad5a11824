// The kiosk in its browser host as a process of its own: what a browser-host kiosk's service unit runs,
// and what the gate bench cold-starts (the Electron binary cannot be installed everywhere). Same start-up
// order as electron/main.ts (electron/app/startup.ts): the host listens and serves the screens first, the
// kiosk is composed behind it, and the face engine keeps loading after that.
//
// Environment: JEJAK_DATA_DIR (required), JEJAK_KEY_FILE (default <data>/data.key), JEJAK_RENDERER_DIR
// (default dist/renderer), JEJAK_KIOSK_PORT (default 0 = any free port), JEJAK_WEIGHTS_DIR.
// Prints one JSON line per start-up step on stdout (no personal data: times and codes only), times in ms
// since this process started (performance.now(), whose origin is the process start):
//   {"event":"host.listening","url":...,"atMs":...}  the screens can load
//   {"event":"kiosk.composed","atMs":...,"steps":{...}}  the API answers (store open, sync thread up)
//   {"event":"engine.settled","atMs":...,"ready":true}  the face check can run
// Stops on SIGTERM / SIGINT.
import path from 'node:path';
import { composeKiosk } from '../app/compose';
import { composeInBackground, laterService } from '../app/startup';
import { FileKeyStore } from '../store/key-store';
import { startBrowserHost } from './server';

/** the face engine starts loading at the latest this long after the host listens */
const ENGINE_START_FALLBACK_MS = 10_000;

const emit = (event: string, fields: Record<string, unknown> = {}): void => {
  process.stdout.write(`${JSON.stringify({ event, atMs: Math.round(performance.now()), ...fields })}\n`);
};

async function main(): Promise<void> {
  const dataDir = process.env.JEJAK_DATA_DIR;
  if (!dataDir) throw new Error('JEJAK_DATA_DIR is required');
  // atMs here = node's own start plus loading this bundle; timeOriginEpoch places this process's clock on a caller's
  emit('host.started', { timeOriginEpoch: performance.timeOrigin });
  const service = laterService();
  // the screens are up once they have had their first answer: only then do the face engine and the sync
  // thread start
  // (at the latest after ENGINE_START_FALLBACK_MS, e.g. when no browser ever opens the page)
  let screenUp!: () => void;
  const firstAnswer = new Promise<void>((resolve) => (screenUp = resolve));
  setTimeout(() => screenUp(), ENGINE_START_FALLBACK_MS).unref();
  const host = await startBrowserHost({
    service: {
      async dispatch(channel, args) {
        const answer = await service.dispatch(channel, args);
        screenUp();
        return answer;
      },
    },
    rendererDir: process.env.JEJAK_RENDERER_DIR ?? path.resolve('dist', 'renderer'),
    port: Number(process.env.JEJAK_KIOSK_PORT ?? 0),
    onError: (event, fields) => emit(event, fields),
  });
  emit('host.listening', { url: host.url });
  const steps: Record<string, number> = {};
  const starting = composeInBackground(
    () =>
      composeKiosk({
        dataDir,
        keyStore: new FileKeyStore(process.env.JEJAK_KEY_FILE ?? path.join(dataDir, 'data.key')),
        appVersion: process.env.JEJAK_APP_VERSION ?? '0.1.0',
        ...(process.env.JEJAK_WEIGHTS_DIR ? { weightsDir: process.env.JEJAK_WEIGHTS_DIR } : {}),
        onStep: (step) => (steps[step] = Math.round(performance.now())),
        warmUpAfter: firstAnswer.then(() => emit('engine.starting')),
        // warnings and errors of the kiosk (already scrubbed of personal data), as one line each
        logSink: (e) => {
          if (e.level !== 'info' || e.event.startsWith('engine.')) emit(`kiosk.${e.event}`, { level: e.level, code: (e as { code?: unknown }).code ?? null });
        },
      }),
    (err) => emit('kiosk.failed', { code: (err as { code?: string }).code ?? 'UNKNOWN', message: err instanceof Error ? err.message : String(err) }),
  );
  service.set(starting.service);
  const kiosk = await starting.kiosk;
  emit('kiosk.composed', { ok: kiosk !== null, steps });
  if (kiosk) {
    void kiosk.engineSettled.then(() => {
      const st = kiosk.face.get()?.status();
      emit('engine.settled', { ready: st?.ready ?? false, code: st?.error?.code ?? kiosk.face.loadError()?.code ?? null });
    });
  }
  const stop = (): void => {
    void (async () => {
      await host.close();
      await kiosk?.close();
      process.exit(0);
    })();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  emit('host.failed', { message: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
