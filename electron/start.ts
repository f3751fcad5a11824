// `npm start`: the kiosk demo on a fresh clone. Starts a local city server (embedded SQLite, data in
// .jejak/demo/) with a demo venue, gates, risk list and registered people; enrols a kiosk against it
// through the real provisioning path; runs the sync agent; serves the kiosk screens and opens them in
// Electron if its binary is installed, else in Chromium (--app), else prints the URL.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeKiosk, type ComposedKiosk } from './app/compose';
import { startBrowserHost, type BrowserHost } from './browser-host/server';
import { bundleElectron } from './build/bundle-electron';
import { DEMO_SUSPECT_NIK, seedDemoCity, seedDemoConsole, startDemoCity } from './demo/demo-city';
import { FileKeyStore } from './store/key-store';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const demoDir = path.resolve(process.env.JEJAK_DEMO_DIR ?? path.join(root, '.jejak', 'demo'));
const kioskDir = path.join(demoDir, 'kiosk');
const rendererDir = path.join(root, 'dist', 'renderer');
const DEMO_PIN = process.env.JEJAK_DEMO_PIN ?? '246810';
const say = (line: string): void => console.log(`[jejak demo] ${line}`);

function electronBinary(): string | null {
  try {
    const p = require('electron') as unknown;
    return typeof p === 'string' && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

/** Newest modification time of the files below `dir` (0 when it does not exist). */
function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

function ensureRendererBuild(): void {
  const built = path.join(rendererDir, 'index.html');
  // Rebuild when the screens changed since the last build, so the demo never serves stale screens.
  if (existsSync(built) && statSync(built).mtimeMs >= newestMtime(path.join(root, 'renderer'))) return;
  if (!existsSync(path.join(root, 'renderer', 'vite.config.ts'))) {
    say('the kiosk screens (renderer/) are not in this checkout yet: the API works, the page will say so');
    return;
  }
  say('building the kiosk screens (npm run build:renderer) ...');
  const r = spawnSync('npm', ['run', '--silent', 'build:renderer'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) say('building the screens failed; see above (the API still runs)');
}

/** The city server's pages (console, residents' /daftar/ and /saya/), rebuilt when their sources changed. */
function ensureServerPagesBuild(what: string, script: string, built: string, sources: string): void {
  if (existsSync(built) && statSync(built).mtimeMs >= newestMtime(sources)) return;
  say(`building ${what} (npm run ${script}) ...`);
  const r = spawnSync('npm', ['run', '--silent', script], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) say(`building ${what} failed; see above (the API still runs)`);
}

function ensureCityPagesBuild(): void {
  ensureServerPagesBuild('the city console', 'build:console', path.join(root, 'dist', 'console', 'index.html'), path.join(root, 'sync', 'server', 'console', 'web'));
  ensureServerPagesBuild('the residents\' pages', 'build:residents', path.join(root, 'dist', 'residents', 'saya', 'index.html'), path.join(root, 'sync', 'server', 'residents', 'web'));
}

async function main(): Promise<void> {
  mkdirSync(kioskDir, { recursive: true });
  say(`data in ${path.relative(process.cwd(), demoDir) || demoDir} (delete it to start over)`);
  const city = await startDemoCity(path.join(demoDir, 'city'));
  say(`city server on ${city.url}`);
  const seed = await seedDemoCity(city, demoDir, new Date(), say);
  ensureCityPagesBuild();
  const consoleAccounts = await seedDemoConsole(city, demoDir, seed.venueId, say);

  const keyFile = path.join(kioskDir, 'data.key');
  const electron = process.env.JEJAK_DEMO_BROWSER ? null : electronBinary();
  // The kiosk opens here first (to enrol it on the first run, and to point it at this run's server).
  let kiosk: ComposedKiosk | null = await composeKiosk({
    dataDir: kioskDir,
    keyStore: new FileKeyStore(keyFile),
    appVersion: (require('../package.json') as { version: string }).version,
    engine: electron ? 'none' : 'load',
    // Warnings and errors of the kiosk (already scrubbed of personal data) on the console.
    logSink: (e) => {
      if (e.level !== 'info') console.error(`[kiosk ${e.level}] ${e.event} ${JSON.stringify({ ...e, at: undefined, level: undefined, event: undefined })}`);
    },
    prepare: (store) => {
      if (store.getDeviceConfig()) store.updateDeviceSettings({ serverUrl: city.url });
    },
  });
  if (!kiosk.store.getDeviceConfig()) {
    const { code } = await city.admin.createEnrolmentCode(seed.entryGateId);
    const enrolled = await kiosk.service.api.provision({ serverUrl: city.url, code, adminPin: DEMO_PIN, cameraId: null });
    if (!enrolled.ok) throw new Error(`demo enrolment failed: ${enrolled.error.code} ${enrolled.error.message.en}`);
    say(`kiosk enrolled at "${enrolled.value.venueName}" (${enrolled.value.mode} gate) with the one-time code ${code}`);
  }
  await kiosk.agent.syncNow().catch(() => undefined);
  ensureRendererBuild();

  let host: BrowserHost | null = null;
  let child: ReturnType<typeof spawn> | null = null;
  if (electron) {
    await kiosk.close();
    kiosk = null;
    await bundleElectron();
    say('opening the kiosk in Electron (exit with the admin PIN from the staff screen)');
    child = spawn(electron, [root], { stdio: 'inherit', env: { ...process.env, JEJAK_DATA_DIR: kioskDir, JEJAK_KEY_FILE: keyFile, JEJAK_RENDERER_DIR: rendererDir } });
  } else {
    if (!process.env.JEJAK_DEMO_BROWSER) say('the Electron binary is not installed here (`npm run electron:fetch` gets it): the kiosk opens in the browser host');
    host = await startBrowserHost({ service: kiosk.service, rendererDir, port: Number(process.env.JEJAK_KIOSK_PORT ?? 0) });
    say(`kiosk screens on ${host.url}`);
    // the screens open while the face engine is still warming up (as in the app: electron/app/startup.ts);
    // a visitor who comes before it is ready is asked to wait
    const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
    if (chromium && !process.env.JEJAK_DEMO_NO_OPEN && (process.env.DISPLAY || process.env.WAYLAND_DISPLAY)) {
      child = spawn(chromium, [`--app=${host.url}`, `--user-data-dir=${path.join(demoDir, 'chromium')}`, '--no-first-run', '--window-size=1280,800'], { stdio: 'ignore' });
      child.on('error', () => say(`could not open Chromium; open ${host?.url} yourself`));
      say('opened in Chromium (--app)');
    } else {
      say(`open ${host.url} in Chromium or Chrome (no display or no Chromium found here)`);
    }
    await kiosk.engineSettled;
    const st = kiosk.face.get()?.status();
    say(`face engine: ${st?.ready ? `ready (${st.backend}, ${st.detector})` : `NOT ready (${kiosk.face.loadError()?.code ?? st?.error?.code ?? '?'}: ${kiosk.face.loadError()?.message.en ?? st?.error?.message.en ?? ''}): everyone is referred to staff`}`);
  }

  console.log('');
  say(`staff / admin PIN: ${DEMO_PIN}`);
  say('demo passes (show the PNG to the camera or to a USB scanner; the .txt is the text a scanner types on the idle screen):');
  for (const p of seed.people) {
    say(`  ${p.name.padEnd(16)} NIK ${p.nik}  QR ${path.relative(process.cwd(), p.qrPng)}${p.risk ? '  ← on the risk list (DENY)' : ''}`);
  }
  say('their faces are photos (faces/*.jpg), so holding one up fails the liveness check, as it should.');
  say('to pass yourself: "Petugas" (PIN) → "Daftarkan pengunjung" / "Register a visitor": a valid NIK (e.g. 3271011508850009),');
  say('  your name, consent, a selfie; then type the same NIK on the gate keypad and look at the camera (blink).');
  say(`city console: ${city.url}/console/  (one account per role; passwords are demo-only)`);
  for (const a of consoleAccounts) say(`  ${a.role.padEnd(14)} ${a.username.padEnd(10)} ${a.password}`);
  say(`to see a Dinkes alert: log in as dinkes, then register yourself at the kiosk (as above) with NIK ${DEMO_SUSPECT_NIK}`);
  say('  (SUSPECT on the demo list) and pass the face check: the kiosk denies you and the alert appears on the Dinkes page.');
  say(`residents: ${city.url}/daftar/ (register yourself) and ${city.url}/saya/ (my data)`);
  say('Ctrl+C stops everything.');

  const stop = async (): Promise<void> => {
    say('stopping ...');
    child?.kill('SIGTERM');
    await host?.close();
    await kiosk?.close();
    await city.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  child?.on('exit', (code) => {
    if (electron) {
      say(`Electron exited (${code ?? 'signal'})`);
      void stop();
    }
  });
}

main().catch((err: unknown) => {
  console.error('[jejak demo] failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
