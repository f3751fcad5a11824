// Bench `gate`: how long a visitor waits at the gate, measured in real Chromium on the real stack.
// "QR shown → result on screen": the camera clip marks its QR frames with a red corner block; a probe in
// the page notes the first preview frame that shows the mark (requestVideoFrameCallback) and the moment
// the full-screen result is in the DOM (MutationObserver). Two registered people (same face) alternate
// in the clip so the kiosk's same-code cooldown never hides a pass. Also: cold start (kiosk process
// start → gate screen ready with a live camera) and memory of the renderer and the host.
// Floor (same run): the camera's minimum for a pass, the QR read period plus the frames the face check needs
// at the rate the screen sends them (renderer constants, kiosk policy, engine limits): ratio = measured / floor.
// During a snapshot: a fresh kiosk enrolled after a 1,000,000-entry list was published takes visitors while
// its sync agent (own thread) downloads and applies it; only passes that ended before the apply count.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { requireFixtures } from '../../helpers/fixtures';
import { launchKioskBrowser, LANDSCAPE, type KioskBrowser } from '../../e2e/support/browser';
import { defaultClipSize, emptyFrames, faceOnLeft, videoFrames, videoStillJpeg, withQrBeside, writeY4m } from '../../e2e/support/clip';
import { blinkClip, BUDI, qrOf, SITI, type Person } from '../../e2e/support/people';
import { eventually, provisionKiosk, startCity, startKiosk } from '../../e2e/support/stack';
import { randomEntries } from '../../faults/feed-fixture';
import { Child, freePort, SERVER_CHILD } from '../../faults/harness';
import type { ServerChildConfig } from '../../faults/server-store';
import { EXTERNAL } from '../../../electron/build/bundle-electron';
import { DEFAULT_POLICY } from '../../../electron/kiosk/policy';
import { LIVENESS_LIMITS } from '../../../models/engine/liveness';
import { FACE_FRAMES_PER_SECOND, QR_SCAN_INTERVAL_MS } from '../../../electron/contract/camera-pacing';
import { publishRiskList } from '../../../sync/server/risk/publisher';
import { currentRiskEntries } from '../../../sync/server/risk/current-list';
import { percentile, withFloor, type BenchSuite } from '../suite';

/**
 * The camera's minimum for one pass (ms): a QR read period (the code may appear just after a read) plus the
 * frames the face check needs before it can decide (good frames, and frames with a face for liveness) at
 * the rate the screen sends them. Nothing of ours (engine time, IPC, rendering) is in it.
 */
const PASS_FLOOR_MS = QR_SCAN_INTERVAL_MS + Math.max(DEFAULT_POLICY.minGoodFrames, LIVENESS_LIMITS.minFaceFrames) * (1000 / FACE_FRAMES_PER_SECOND);

const PIN = '482915';
const TWIN: Person = { nik: '3271011508850005', name: 'Budi Kembar' };


/** Installs the probe: resolves `window.__gateSamples` entries {shownAt, resultAt} in page time. */
const PROBE = `(() => {
  const w = window;
  w.__gateSamples = [];
  let shownAt = null;
  // scans in flight (the host's API is fetched through the page's own fetch): a code being checked is not a missed read
  let scanning = 0;
  const pageFetch = window.fetch.bind(window);
  window.fetch = (input, init) => {
    const isScan = String(input).includes('submitScan');
    if (isScan) scanning++;
    const p = pageFetch(input, init);
    return isScan ? p.finally(() => scanning--) : p;
  };
  let wasRed = true; // the page may open in the middle of a QR: only count a QR from its first frame
  // the mark is read from the camera frame itself (VideoFrame.copyTo of a 16 px square as RGBA), not by
  // drawing the <video> into a canvas: that grows Chromium's renderer by ~25 MB/s and would inflate renderer_rss_mb
  const px = new Uint8Array(16 * 16 * 4);
  const watched = new WeakSet();
  const watch = (v) => {
    watched.add(v);
    const onFrame = async (now) => {
      if (!v.isConnected) return;
      if (v.videoWidth > 0) {
        try {
          const f = new VideoFrame(v);
          try {
            // the top-left 48 px of a 640 px frame: read its middle
            await f.copyTo(px, { rect: { x: 16, y: 16, width: 16, height: 16 }, format: 'RGBA' });
          } finally {
            f.close();
          }
          const i = (8 * 16 + 8) * 4;
          const red = px[i] > 180 && px[i + 1] < 90 && px[i + 2] < 90;
          // a new code on the idle screen: the visitor's wait starts. If an earlier code was never read (the clip
          // lowers the phone after 0.5 s; a person would hold it until read) it is a missed read, counted apart,
          // not a wait spanning two visitors
          if (red && !wasRed && document.querySelector('.gate-idle') && (shownAt === null || (faceAt === null && scanning === 0))) {
            if (shownAt !== null) w.__gateMissed = (w.__gateMissed || 0) + 1;
            shownAt = now;
          }
          wasRed = red;
        } catch {
          /* no frame to copy yet */
        }
      }
      v.requestVideoFrameCallback(onFrame);
    };
    v.requestVideoFrameCallback(onFrame);
  };
  // each screen has its own <video>: watch the gate's preview whenever it is (re)created
  setInterval(() => {
    const v = document.querySelector('.gate-idle video');
    if (v && !watched.has(v)) watch(v);
  }, 20);
  let faceAt = null;
  new MutationObserver(() => {
    const result = document.querySelector('main.result');
    if (shownAt !== null && faceAt === null && document.querySelector('.face-check')) faceAt = performance.now();
    if (shownAt !== null && result) {
      w.__gateSamples.push({ shownAt, faceAt, resultAt: performance.now(), kind: result.getAttribute('data-kind') });
      shownAt = null;
      faceAt = null;
    }
  }).observe(document.body, { childList: true, subtree: true });
})()`;

interface Sample {
  shownAt: number;
  faceAt: number | null;
  resultAt: number;
  kind: string;
}

async function collect(page: Page, want: number, timeoutMs: number, log: (l: string) => void): Promise<Sample[]> {
  await page.evaluate(PROBE);
  const until = Date.now() + timeoutMs;
  let samples: Sample[] = [];
  while (Date.now() < until) {
    samples = (await page.evaluate('window.__gateSamples')) as Sample[];
    if (samples.length >= want) break;
    await page.waitForTimeout(500);
  }
  const missed = Number(await page.evaluate('window.__gateMissed || 0'));
  if (missed > 0) log(`  ${missed} code(s) shown were never read in their 0.5 s (counted from the next code instead)`);
  log(`  ${samples.length} passes (kind total = QR→face screen + face check): ${samples.map((s) => `${s.kind} ${Math.round(s.resultAt - s.shownAt)} = ${Math.round((s.faceAt ?? s.resultAt) - s.shownAt)} + ${Math.round(s.resultAt - (s.faceAt ?? s.resultAt))}`).join(', ')}`);
  return samples;
}

/**
 * RSS (MB) of Chromium's renderer processes for our page (`page`), and of every renderer process (`all`).
 * `page` leaves out the renderer of Chromium's own browser UI (`--top-chrome-webui`), which the kiosk's
 * Electron window does not have; the spare renderer is switched off at launch (browser.ts).
 */
function rendererRssMb(marker: string): { page: number; all: number } {
  const out = execFileSync('ps', ['-eo', 'pid,ppid,rss,args', '--no-headers', '-ww'], { encoding: 'utf8' });
  const rows = out
    .trim()
    .split('\n')
    .map((l) => {
      const m = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/.exec(l);
      return m ? ([m[1], m[2], m[3], m[4]] as [string, string, string, string]) : null;
    })
    .filter((r): r is [string, string, string, string] => r !== null);
  // the browser process is the one launched with our clip on its command line
  const browserPid = Number(rows.find(([, , , args]) => args.includes(marker) && !args.includes('--type='))?.[0] ?? Number.NaN);
  if (!Number.isFinite(browserPid)) return { page: Number.NaN, all: Number.NaN };
  const descendants = new Set<number>([browserPid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of rows) {
      if (descendants.has(Number(ppid)) && !descendants.has(Number(pid))) {
        descendants.add(Number(pid));
        grew = true;
      }
    }
  }
  const renderers = rows.filter(([pid, , , args]) => descendants.has(Number(pid)) && args.includes('--type=renderer'));
  const mb = (rs: typeof renderers) => rs.reduce((sum, [, , rss]) => sum + Number(rss), 0) / 1024;
  return { page: mb(renderers.filter(([, , , args]) => !args.includes('--top-chrome-webui'))), all: mb(renderers) };
}

const COLD_RUNS = Number(process.env.GATE_BENCH_COLD_RUNS ?? 3);
const repoDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

let hostBundle: Promise<{ host: string; faceWorker: string; syncWorker: string }> | null = null;

/**
 * The kiosk host process as it ships: bundled with esbuild like the Electron app (electron/build), the
 * face and sync workers too, so the cold start pays no TypeScript compile (tsx) the packaged app does not.
 * Inside node_modules so the bundle resolves the packages; one folder per checkout (node_modules is shared).
 */
function bundleHost(): Promise<{ host: string; faceWorker: string; syncWorker: string }> {
  hostBundle ??= (async () => {
    const dir = path.join(repoDir, 'node_modules', '.cache', `jejak-gate-host-${createHash('sha256').update(repoDir).digest('hex').slice(0, 8)}`);
    mkdirSync(dir, { recursive: true });
    // the same externals as the Electron bundle (native and wasm-carrying packages), everything else inlined
    const common = { bundle: true, platform: 'node', target: 'node20', external: EXTERNAL, logLevel: 'error' } as const;
    const out = { host: path.join(dir, 'host.cjs'), faceWorker: path.join(dir, 'face-worker.mjs'), syncWorker: path.join(dir, 'sync-worker.mjs') };
    // the host as CommonJS like Electron's main bundle (electron/build/bundle-electron.ts): a package reached
    // only through a dynamic import() (the face engine's onnxruntime and sharp, axios) is required when used
    await build({
      ...common, entryPoints: [path.join(repoDir, 'electron/browser-host/main.ts')], format: 'cjs', outfile: out.host,
      banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" }, define: { 'import.meta.url': '__importMetaUrl' },
    });
    // the workers as ESM, as the Electron bundle builds them (the face worker awaits at top level)
    await Promise.all(([['faceWorker', 'models/engine/worker.ts'], ['syncWorker', 'electron/app/sync-thread-worker.ts']] as const).map(([k, entry]) =>
      build({ ...common, entryPoints: [path.join(repoDir, entry)], format: 'esm', outfile: out[k], banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" } })));
    return out;
  })();
  return hostBundle;
}

/** The city server as its own process (tests/faults/server-child.ts under tsx), retried while the port is still held. */
async function startServerChild(cfg: ServerChildConfig): Promise<Child> {
  for (let attempt = 0; ; attempt++) {
    const child = new Child(SERVER_CHILD, cfg);
    try {
      await child.waitFor((e) => e.event === 'listening', 120_000);
      return child;
    } catch (err) {
      await child.kill9();
      if (attempt >= 5) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

interface ColdStart {
  /** kiosk process start → gate screen with a live camera (the API answered: the screen shows the gate) */
  screenS: number;
  /** kiosk process start → face engine loaded and warmed up */
  engineS: number;
  /** bare Chromium, same flags, to a live camera on a blank page of the same host */
  floorS: number;
  /** each step, s since the kiosk process was spawned */
  steps: Record<string, number>;
}

/** One cold start of the provisioned kiosk in `dataDir`: its host process and Chromium started together. */
async function coldStart(dataDir: string, clipFile: string, log: (l: string) => void): Promise<ColdStart> {
  const bundle = await bundleHost();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const t0Epoch = performance.timeOrigin + performance.now();
  const t0 = performance.now();
  const host = new Child(bundle.host, {}, {
    JEJAK_DATA_DIR: dataDir, JEJAK_KIOSK_PORT: String(port), JEJAK_RENDERER_DIR: path.join(repoDir, 'dist', 'renderer'), JEJAK_WEIGHTS_DIR: path.join(repoDir, 'models', 'weights'),
    JEJAK_FACE_WORKER: bundle.faceWorker, JEJAK_SYNC_WORKER: bundle.syncWorker,
  });
  let kb: KioskBrowser | null = null;
  try {
    const since = (t: number) => (t - t0) / 1000;
    // like a service unit starting both (Electron's window is created at app start the same way): Chromium
    // launches while the kiosk process starts; the page opens once the host listens
    let tChromium = 0;
    kb = await launchKioskBrowser(url, {
      clip: clipFile, viewport: LANDSCAPE,
      beforeGoto: async () => {
        tChromium = performance.now();
        await host.waitFor((e) => e.event === 'host.listening', 60_000);
      },
    });
    const page = kb.page;
    await page.locator('.gate-idle video').waitFor({ timeout: 60_000 });
    while (!(await page.evaluate('(() => { const v = document.querySelector(".gate-idle video"); return !!v && v.readyState >= 2 && v.videoWidth > 0; })()'))) await new Promise((r) => setTimeout(r, 20));
    const tCamera = performance.now();
    const engine = await host.waitFor((e) => e.event === 'engine.settled', 120_000);
    const at = (name: string) => host.events.find((e) => e.event === name);
    // the child's atMs count from its own process start: place them on this clock through the epoch
    const childOrigin = Number(at('host.started')?.timeOriginEpoch ?? t0Epoch) - t0Epoch;
    const child = (ms: unknown) => (childOrigin + Number(ms)) / 1000;
    const composed = at('kiosk.composed') as { steps?: Record<string, number>; atMs: number } | undefined;
    // page side: resource timing (epoch = page timeOrigin + entry time)
    const pageTimes = (await page.evaluate(`(() => {
      const o = performance.timeOrigin;
      const nav = performance.getEntriesByType('navigation')[0];
      const res = performance.getEntriesByType('resource');
      const end = (pred) => { const r = res.filter(pred).map((e) => e.responseEnd); return r.length ? o + Math.min(...r) : null; };
      return {
        navStart: o + (nav ? nav.startTime : 0),
        html: nav ? o + nav.responseEnd : null,
        bundle: end((e) => e.initiatorType === 'script' && /\\.js$/.test(new URL(e.name).pathname)),
        wasm: end((e) => /\\.wasm$/.test(new URL(e.name).pathname)),
        firstState: end((e) => new URL(e.name).pathname.endsWith('/getState')),
      };
    })()`)) as Record<string, number | null>;
    const fromEpoch = (e: number | null | undefined) => (e == null ? Number.NaN : (e - t0Epoch) / 1000);
    const steps: Record<string, number> = {
      process_started: child(0),
      host_modules_loaded: child(at('host.started')?.atMs),
      host_listening: child(at('host.listening')?.atMs),
      store_opened: child(composed?.steps?.['store.opened']),
      sync_thread_started: child(composed?.steps?.['sync_thread.started']),
      kiosk_composed: child(composed?.atMs),
      chromium_launched: since(tChromium),
      page_navigation_start: fromEpoch(pageTimes.navStart),
      page_html_loaded: fromEpoch(pageTimes.html),
      renderer_bundle_loaded: fromEpoch(pageTimes.bundle),
      zxing_wasm_loaded: fromEpoch(pageTimes.wasm),
      first_state_answered: fromEpoch(pageTimes.firstState),
      live_camera: since(tCamera),
      engine_starting: child(at('engine.starting')?.atMs),
      engine_ready: child(engine.atMs),
    };
    if (engine.ready !== true) throw new Error(`the kiosk's face engine did not load: ${String(engine.code)}`);
    await kb.close();
    kb = null;
    await host.stop();
    // floor: a bare Chromium launched the same way showing a live camera on a blank page (no kiosk); the same
    // kind of page load and getUserMedia, from a throwaway server
    const blank = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>floor</title>'));
    await new Promise<void>((r) => blank.listen(0, '127.0.0.1', r));
    const floorT0 = performance.now();
    const bare = await launchKioskBrowser(`http://127.0.0.1:${(blank.address() as AddressInfo).port}/`, { clip: clipFile, viewport: LANDSCAPE });
    await bare.page.evaluate('navigator.mediaDevices.getUserMedia({ video: true }).then((s) => { const v = document.createElement("video"); v.muted = true; v.srcObject = s; document.body.append(v); return v.play(); })');
    while (!(await bare.page.evaluate('(() => { const v = document.querySelector("video"); return !!v && v.readyState >= 2 && v.videoWidth > 0; })()'))) await new Promise((r) => setTimeout(r, 20));
    const floorS = (performance.now() - floorT0) / 1000;
    await bare.close();
    blank.close();
    const r: ColdStart = { screenS: since(tCamera), engineS: child(engine.atMs), floorS, steps };
    log(`  cold start: screen ${r.screenS.toFixed(2)} s, engine ${r.engineS.toFixed(2)} s, floor ${floorS.toFixed(2)} s; steps (s): ${Object.entries(steps).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')}; load ${os.loadavg()[0]!.toFixed(1)}`);
    return r;
  } finally {
    await kb?.close();
    await host.stop();
  }
}

export default {
  async run(log) {
    const fixtures = requireFixtures('the gate bench');
    if (!fixtures) return { skipped: 'fixtures missing' };
    const PASSES = Number(process.env.GATE_BENCH_PASSES ?? 12);
    // which parts run: cold (cold start), passes (the two policies' passes), snapshot (passes during a 1M apply)
    const parts = new Set((process.env.GATE_BENCH_PARTS ?? 'cold,passes,snapshot').split(','));
    const city = await startCity();
    const kioskDirs: string[] = [];
    let kb: KioskBrowser | null = null;
    try {
      const selfie = await videoStillJpeg(blinkClip(fixtures), 0.4);
      await city.server.admin.registerPerson({ ...BUDI, selfie });
      await city.server.admin.registerPerson({ ...TWIN, selfie, allowDuplicateFace: true });
      const until = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
      await city.server.admin.importRiskCsv(`nik,status,valid_until\n${SITI.nik},CONFIRMED,${until}\n`);
      const face = await Promise.all((await videoFrames(blinkClip(fixtures), 0, 4.5)).map(faceOnLeft));
      const fps = defaultClipSize.fps;
      const tokenA = await qrOf(city, BUDI);
      const tokenB = await qrOf(city, TWIN);
      const pause = await emptyFrames(fps * 1);
      const clipFile = path.join(os.tmpdir(), `jejak-gate-bench-${process.pid}.y4m`);
      // The visitor stands at the gate and holds a phone up beside their face for 0.5 s, then lowers it:
      // QR A beside the face, the face alone, a pause, then the same with QR B. ~12 s per loop, one pass per half.
      const qrFrames = Math.round(fps * 0.5);
      const half = async (token: string) => [...(await Promise.all(face.slice(0, qrFrames).map((f) => withQrBeside(f, token)))), ...face.slice(qrFrames), ...pause];
      await writeY4m(clipFile, [...(await half(tokenA)), ...(await half(tokenB))]);

      const figures: Record<string, number> = {};
      for (const [mode, challenge] of [['no challenge', 'none'], ['blink challenge', 'blink']] as const) {
        if (!parts.has('passes') && !(challenge === 'none' && parts.has('cold'))) continue;
        const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jejak-gate-bench-kiosk-'));
        kioskDirs.push(dataDir);
        const policy = { challenge, resultSeconds: 2, faceTimeoutSeconds: 20 } as const;
        let kiosk = await startKiosk({ policy, engineInWorker: true, dataDir });
        await provisionKiosk(kiosk, city, 'entry', PIN);
        await eventually(async () => {
          const st = await kiosk.composed.service.api.getState({});
          return st.ok && st.value.sync.riskListVersion !== null;
        }, 30_000, 'the risk list on the kiosk');
        if (challenge === 'none' && parts.has('cold')) {
          // cold start: the provisioned kiosk's own process (bundled, as the app ships) coming up with Chromium
          // until the gate screen shows a live camera; repeated, each beside a bare Chromium floor
          await kiosk.close();
          const runs: ColdStart[] = [];
          for (let i = 0; i < COLD_RUNS; i++) runs.push(await coldStart(dataDir, clipFile, log));
          const med = (pick: (r: ColdStart) => number) => percentile(runs.map(pick), 50);
          Object.assign(figures, withFloor('cold_start_s', med((r) => r.screenS), med((r) => r.floorS)));
          figures.cold_start_runs = runs.length;
          figures.cold_start_min_s = Math.min(...runs.map((r) => r.screenS));
          figures.cold_start_max_s = Math.max(...runs.map((r) => r.screenS));
          figures.cold_start_engine_s = med((r) => r.engineS);
          for (const key of Object.keys(runs[0]!.steps)) figures[`cold_start_step_${key}_s`] = med((r) => r.steps[key] ?? Number.NaN);
          log(`cold start (median of ${runs.length}): screen usable ${figures.cold_start_s!.toFixed(2)} s [${figures.cold_start_min_s.toFixed(2)}–${figures.cold_start_max_s.toFixed(2)}], floor ${figures.cold_start_s_floor!.toFixed(2)} s, ratio ${figures.cold_start_s_ratio!.toFixed(2)}; face engine ready ${figures.cold_start_engine_s.toFixed(2)} s; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
          if (!parts.has('passes')) continue;
          kiosk = await startKiosk({ policy, engineInWorker: true, dataDir });
          kb = await launchKioskBrowser(kiosk.url, { clip: clipFile, viewport: LANDSCAPE });
        } else {
          kb = await launchKioskBrowser(kiosk.url, { clip: clipFile, viewport: LANDSCAPE });
        }
        log(`${mode}: collecting ${PASSES} passes`);
        // Every answer counts: the visitor waits the same for a DENY as for an ADMIT. How many were
        // admitted is reported beside (without a challenge the engine's passive liveness decides alone).
        const samples = await collect(kb.page, PASSES, PASSES * 9_000 + 30_000, log);
        const admitted = samples.filter((s) => s.kind === 'ADMIT').length;
        if (admitted < samples.length) {
          const why = kiosk.events.filter((e) => e.level !== 'info' || e.event.startsWith('face') || e.event.startsWith('gate')).slice(-6);
          log(`  not admitted: ${JSON.stringify(why)}`);
        }
        const ms = samples.map((s) => s.resultAt - s.shownAt);
        if (challenge === 'none') {
          Object.assign(figures, withFloor('qr_to_result_p50_ms', percentile(ms, 50), PASS_FLOOR_MS));
          Object.assign(figures, withFloor('qr_to_result_p95_ms', percentile(ms, 95), PASS_FLOOR_MS));
          const rss = rendererRssMb(clipFile);
          figures.renderer_rss_mb = rss.page;
          figures.renderer_rss_all_mb = rss.all;
          figures.renderer_js_heap_mb = Number(await kb.page.evaluate('performance.memory.usedJSHeapSize')) / 2 ** 20;
          log(`renderer: ${rss.page.toFixed(0)} MB RSS for the page (${rss.all.toFixed(0)} MB with Chromium's own UI renderer), JS heap ${figures.renderer_js_heap_mb.toFixed(1)} MB`);
          figures.host_rss_mb = process.memoryUsage().rss / 2 ** 20;
          figures.rss_mb = figures.renderer_rss_mb + figures.host_rss_mb;
        } else {
          Object.assign(figures, withFloor('qr_to_result_challenge_p50_ms', percentile(ms, 50), PASS_FLOOR_MS));
          Object.assign(figures, withFloor('qr_to_result_challenge_p95_ms', percentile(ms, 95), PASS_FLOOR_MS));
        }
        figures[challenge === 'none' ? 'passes' : 'passes_challenge'] = ms.length;
        figures[challenge === 'none' ? 'admitted' : 'admitted_challenge'] = admitted;
        await kb.close();
        kb = null;
        await kiosk.close();
      }
      // ------------------------------------------------ a visitor's decision while a 1M snapshot is applied
      if (parts.has('snapshot') && process.env.GATE_BENCH_SNAPSHOT !== '0') {
        const RISK = Number(process.env.GATE_BENCH_SNAPSHOT_ENTRIES ?? 1_000_000);
        const WANT = Number(process.env.GATE_BENCH_SNAPSHOT_PASSES ?? 6);
        const MAX_KIOSKS = Number(process.env.GATE_BENCH_SNAPSHOT_KIOSKS ?? 5);
        const cfg = city.server.config;
        const current = await currentRiskEntries(city.server.store, cfg.riskListId);
        const tp = performance.now();
        await publishRiskList(city.server.store, [...current, ...randomEntries(RISK)], {
          listId: cfg.riskListId, now: Date.now(), key: city.server.keys.activeSigningKey(), chunkEntries: cfg.riskChunkEntries,
          manifestTtlMs: cfg.riskManifestTtlDays * 86_400_000, keepDeltaVersions: cfg.riskKeepDeltaVersions,
        });
        log(`published a ${RISK + current.length}-entry list in ${((performance.now() - tp) / 1000).toFixed(1)} s (not timed)`);
        const codes: string[] = [];
        for (let i = 0; i < MAX_KIOSKS; i++) codes.push((await city.server.admin.createEnrolmentCode(city.entryGateId)).code);
        // The city server as its own process on the same data and port, as a tablet sees it: serving the
        // snapshot's chunks no longer shares the kiosk's event loop (before: it ran in this process).
        await city.stop();
        const server = await startServerChild({ backend: 'sqlite', dataDir: city.dataDir, port: city.port });
        // a visitor every 4.5 s (QR beside the face 0.5 s, the face 3.5 s, a pause 0.5 s; the codes alternate, so the
        // same code comes back after 9 s, past the kiosk's cooldown): more passes fit in one apply than with the main clip
        const snapClip = path.join(os.tmpdir(), `jejak-gate-bench-snap-${process.pid}.y4m`);
        const faceFor = face.slice(qrFrames, qrFrames + Math.round(fps * 3.5));
        const shortHalf = async (token: string) => [...(await Promise.all(face.slice(0, qrFrames).map((f) => withQrBeside(f, token)))), ...faceFor, ...(await emptyFrames(Math.round(fps * 0.5)))];
        await writeY4m(snapClip, [...(await shortHalf(tokenA)), ...(await shortHalf(tokenB))]);
        const during: number[] = [];
        const after: number[] = [];
        const applies: number[] = [];
        const loopP99: number[] = [];
        const loopMax: number[] = [];
        try {
          for (let k = 0; k < MAX_KIOSKS && during.length < WANT; k++) {
            const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jejak-gate-bench-kiosk-'));
            kioskDirs.push(dataDir);
            const kiosk = await startKiosk({ policy: { challenge: 'none', resultSeconds: 2, faceTimeoutSeconds: 20 }, engineInWorker: true, dataDir });
            try {
              kb = await launchKioskBrowser(kiosk.url, { clip: snapClip, viewport: LANDSCAPE });
              // the kiosk's trusted side (gate thread) in this process: its event-loop delay during the apply
              const loop = monitorEventLoopDelay({ resolution: 10 });
              const t0 = performance.now();
              // its first sync pulls the whole list as a snapshot
              const res = await kiosk.composed.service.api.provision({ serverUrl: `http://127.0.0.1:${city.port}`, code: codes[k]!, adminPin: PIN, cameraId: null });
              if (!res.ok) throw new Error(`provision failed: ${res.error.code} ${res.error.message.en}`);
              loop.enable();
              let appliedAt: number | null = null;
              void eventually(async () => {
                const st = await kiosk.composed.service.api.getState({});
                return st.ok && st.value.sync.riskListVersion !== null ? performance.now() : null;
              }, 600_000, 'the 1M snapshot on the kiosk', 100).then((t) => (appliedAt = t));
              await kb.page.locator('.gate-idle video').waitFor({ timeout: 60_000 });
              await kb.page.evaluate(PROBE);
              const pageT0 = Number(await kb.page.evaluate('performance.now()')) - (performance.now() - t0);
              while (appliedAt === null) await new Promise((r) => setTimeout(r, 250));
              loop.disable();
              const applyS = ((appliedAt as number) - t0) / 1000;
              // passes after the apply, same kiosk and clip, for the comparison (as many as fitted during it, at least 2)
              const samplesAtApply = ((await kb.page.evaluate('window.__gateSamples')) as Sample[]).length;
              const missedDuring = Number(await kb.page.evaluate('window.__gateMissed || 0'));
              const until = Date.now() + 60_000;
              let samples: Sample[] = [];
              for (;;) {
                samples = (await kb.page.evaluate('window.__gateSamples')) as Sample[];
                if (samples.length >= samplesAtApply + 2 || Date.now() > until) break;
                await new Promise((r) => setTimeout(r, 250));
              }
              // only passes whose result came before the list was live count as "during" (page clock → bench clock)
              const inWindow = samples.filter((x) => x.resultAt - pageT0 <= (appliedAt as number) - t0);
              const afterWindow = samples.filter((x) => x.shownAt - pageT0 > (appliedAt as number) - t0);
              during.push(...inWindow.map((x) => x.resultAt - x.shownAt));
              after.push(...afterWindow.map((x) => x.resultAt - x.shownAt));
              applies.push(applyS);
              loopP99.push(loop.percentile(99) / 1e6);
              loopMax.push(loop.max / 1e6);
              log(`  kiosk ${k + 1}: snapshot enrolled → applied in ${applyS.toFixed(1)} s, gate thread event loop p99 ${(loop.percentile(99) / 1e6).toFixed(0)} ms (max ${(loop.max / 1e6).toFixed(0)}); ${inWindow.length} passes meanwhile (total = QR→face screen + face check): ${inWindow.map((x) => `${x.kind} ${Math.round(x.resultAt - x.shownAt)} = ${Math.round((x.faceAt ?? x.resultAt) - x.shownAt)} + ${Math.round(x.resultAt - (x.faceAt ?? x.resultAt))}`).join(', ')} ms; after: ${afterWindow.map((x) => `${x.kind} ${Math.round(x.resultAt - x.shownAt)}`).join(', ')} ms; codes never read during it ${missedDuring}; load ${os.loadavg()[0]!.toFixed(1)}`);
            } finally {
              await kb?.close();
              kb = null;
              await kiosk.close();
            }
          }
        } finally {
          await server.stop();
          rmSync(snapClip, { force: true });
        }
        figures.snapshot_apply_s = percentile(applies, 50);
        figures.snapshot_kiosks = applies.length;
        figures.passes_during_snapshot = during.length;
        figures.passes_after_snapshot = after.length;
        figures.snapshot_gate_event_loop_p99_ms = Math.max(...loopP99);
        figures.snapshot_gate_event_loop_max_ms = Math.max(...loopMax);
        if (during.length > 0) {
          Object.assign(figures, withFloor('qr_to_result_during_snapshot_p50_ms', percentile(during, 50), PASS_FLOOR_MS));
          Object.assign(figures, withFloor('qr_to_result_during_snapshot_p95_ms', percentile(during, 95), PASS_FLOOR_MS));
        }
        if (after.length > 0) Object.assign(figures, withFloor('qr_to_result_after_snapshot_p95_ms', percentile(after, 95), PASS_FLOOR_MS));
        log(`during the snapshot (${during.length} passes on ${applies.length} fresh kiosks, city server in its own process): p50 ${percentile(during, 50).toFixed(0)} ms, p95 ${percentile(during, 95).toFixed(0)} ms (floor ${PASS_FLOOR_MS} ms); same kiosks after it: p95 ${percentile(after, 95).toFixed(0)} ms over ${after.length}; qr_to_result_p95 of this run ${figures.qr_to_result_p95_ms?.toFixed(0) ?? '—'} ms`);
      }
      rmSync(clipFile, { force: true });
      return figures;
    } finally {
      await kb?.close();
      await city.destroy();
      for (const d of kioskDirs) rmSync(d, { recursive: true, force: true });
    }
  },
} satisfies BenchSuite;

