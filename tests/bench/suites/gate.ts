// Bench `gate`: how long a visitor waits at the gate, measured in real Chromium on the real stack.
// "QR shown → result on screen": the camera clip marks its QR frames with a red corner block; a probe in
// the page notes the first preview frame that shows the mark (requestVideoFrameCallback) and the moment
// the full-screen result is in the DOM (MutationObserver). Two registered people (same face) alternate
// in the clip so the kiosk's same-code cooldown never hides a pass. Also: cold start (kiosk process
// start → gate screen ready with a live camera) and memory of the renderer and the host.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import QRCode from 'qrcode';
import sharp from 'sharp';
import { requireFixtures } from '../../helpers/fixtures';
import { launchKioskBrowser, LANDSCAPE, type KioskBrowser } from '../../e2e/support/browser';
import { defaultClipSize, emptyFrames, videoFrames, videoStillJpeg, writeY4m, type RgbFrame } from '../../e2e/support/clip';
import { blinkClip, BUDI, qrOf, SITI, type Person } from '../../e2e/support/people';
import { eventually, provisionKiosk, startCity, startKiosk } from '../../e2e/support/stack';
import { percentile, type BenchSuite } from '../suite';

const PIN = '482915';
const TWIN: Person = { nik: '3271011508850005', name: 'Budi Kembar' };
const W = defaultClipSize.width;
const H = defaultClipSize.height;

/** The face (centred in the frame) moved to the left part of the picture, leaving the right for a phone. */
async function faceOnLeft(frame: RgbFrame): Promise<RgbFrame> {
  const crop = await sharp(frame, { raw: { width: W, height: H, channels: 3 } }).extract({ left: 150, top: 0, width: 340, height: H }).png().toBuffer();
  return sharp({ create: { width: W, height: H, channels: 3, background: { r: 96, g: 104, b: 112 } } })
    .composite([{ input: crop, left: 0, top: 0 }])
    .removeAlpha()
    .raw()
    .toBuffer();
}

/** A phone showing the QR held up beside the face (right side), with the probe's red mark. */
async function withQrBeside(frame: RgbFrame, token: string): Promise<RgbFrame> {
  const side = 290;
  const png = await QRCode.toBuffer(token, { errorCorrectionLevel: 'L', margin: 2, width: side });
  return sharp(frame, { raw: { width: W, height: H, channels: 3 } })
    .composite([
      { input: png, left: W - side - 5, top: Math.round((H - side) / 2) },
      { input: { create: { width: 48, height: 48, channels: 3, background: { r: 255, g: 0, b: 0 } } }, left: 0, top: 0 },
    ])
    .removeAlpha()
    .raw()
    .toBuffer();
}

/** Installs the probe: resolves `window.__gateSamples` entries {shownAt, resultAt} in page time. */
const PROBE = `(() => {
  const w = window;
  w.__gateSamples = [];
  let shownAt = null;
  let wasRed = true; // the page may open in the middle of a QR: only count a QR from its first frame
  const canvas = document.createElement('canvas');
  canvas.width = 8; canvas.height = 8;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const watched = new WeakSet();
  const watch = (v) => {
    watched.add(v);
    const onFrame = (now) => {
      if (!v.isConnected) return;
      if (v.videoWidth > 0) {
        // the top-left 48 px of a 640 px frame, sampled small
        ctx.drawImage(v, 0, 0, v.videoWidth * 0.05, v.videoHeight * 0.05, 0, 0, 8, 8);
        const [r, g, b] = ctx.getImageData(4, 4, 1, 1).data;
        const red = r > 180 && g < 90 && b < 90;
        if (red && !wasRed && shownAt === null && document.querySelector('.gate-idle')) shownAt = now;
        wasRed = red;
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
  log(`  ${samples.length} passes (kind total = QR→face screen + face check): ${samples.map((s) => `${s.kind} ${Math.round(s.resultAt - s.shownAt)} = ${Math.round((s.faceAt ?? s.resultAt) - s.shownAt)} + ${Math.round(s.resultAt - (s.faceAt ?? s.resultAt))}`).join(', ')}`);
  return samples;
}

/** RSS (MB) of Chromium's renderer processes for our page. */
function rendererRssMb(marker: string): number {
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
  if (!Number.isFinite(browserPid)) return Number.NaN;
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
  const kb = rows.filter(([pid, , , args]) => descendants.has(Number(pid)) && args.includes('--type=renderer')).reduce((sum, [, , rss]) => sum + Number(rss), 0);
  return kb / 1024;
}

export default {
  async run(log) {
    const fixtures = requireFixtures('the gate bench');
    if (!fixtures) return { skipped: 'fixtures missing' };
    const PASSES = Number(process.env.GATE_BENCH_PASSES ?? 12);
    const city = await startCity();
    const kioskDirs: string[] = [];
    let kb: KioskBrowser | null = null;
    try {
      const selfie = await videoStillJpeg(blinkClip(fixtures), 0.4);
      await city.server.admin.registerPerson({ ...BUDI, selfie });
      await city.server.admin.registerPerson({ ...TWIN, selfie });
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
        const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jejak-gate-bench-kiosk-'));
        kioskDirs.push(dataDir);
        const policy = { challenge, resultSeconds: 2, faceTimeoutSeconds: 20 } as const;
        let kiosk = await startKiosk({ policy, engineInWorker: true, dataDir });
        await provisionKiosk(kiosk, city, 'entry', PIN);
        await eventually(async () => {
          const st = await kiosk.composed.service.api.getState({});
          return st.ok && st.value.sync.riskListVersion !== null;
        }, 30_000, 'the risk list on the kiosk');
        if (challenge === 'none') {
          // cold start: a provisioned kiosk process coming up until the gate screen shows a live camera
          await kiosk.close();
          // Like the app (electron/main.ts opens its window without waiting for the face engine), the screens
          // come up while the engine loads; ready = the gate shows a live camera AND the engine is ready.
          const t0 = performance.now();
          kiosk = await startKiosk({ policy, engineInWorker: true, dataDir, waitForEngine: false });
          const engineReady = kiosk.composed.engineSettled.then(() => performance.now());
          const tHost = performance.now();
          kb = await launchKioskBrowser(kiosk.url, { clip: clipFile, viewport: LANDSCAPE });
          const tPage = performance.now();
          await kb.page.locator('.gate-idle video').waitFor();
          // (polled through evaluate: the page's CSP forbids the string eval waitForFunction would use)
          while (!(await kb.page.evaluate('(() => { const v = document.querySelector(".gate-idle video"); return !!v && v.readyState >= 2 && v.videoWidth > 0; })()'))) await new Promise((r) => setTimeout(r, 20));
          const tCamera = performance.now();
          const tEngine = await engineReady;
          const s = (t: number) => ((t - t0) / 1000).toFixed(2);
          figures.cold_start_s = (Math.max(tCamera, tEngine) - t0) / 1000;
          figures.cold_start_screen_s = (tCamera - t0) / 1000;
          figures.cold_start_engine_s = (tEngine - t0) / 1000;
          log(`cold start to ready: ${figures.cold_start_s.toFixed(2)} s (kiosk host up ${s(tHost)} s, Chromium + page loaded ${s(tPage)} s, live camera ${s(tCamera)} s, face engine ready ${s(tEngine)} s)`);
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
          figures.qr_to_result_p50_ms = percentile(ms, 50);
          figures.qr_to_result_p95_ms = percentile(ms, 95);
          figures.renderer_rss_mb = rendererRssMb(clipFile);
          figures.host_rss_mb = process.memoryUsage().rss / 2 ** 20;
          figures.rss_mb = figures.renderer_rss_mb + figures.host_rss_mb;
        } else {
          figures.qr_to_result_challenge_p50_ms = percentile(ms, 50);
          figures.qr_to_result_challenge_p95_ms = percentile(ms, 95);
        }
        figures[challenge === 'none' ? 'passes' : 'passes_challenge'] = ms.length;
        figures[challenge === 'none' ? 'admitted' : 'admitted_challenge'] = admitted;
        await kb.close();
        kb = null;
        await kiosk.close();
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

