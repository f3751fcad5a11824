// Launches the real Electron app (bundled main + preload, renderer build) where the Electron binary is
// installed, and checks the shell's hardening from inside the page: app:// origin, `window.kiosk` with
// every contract channel and nothing of Node, navigation and popups blocked, the kiosk API answering.
// Where the binary is absent (CI installs with ELECTRON_SKIP_BINARY_DOWNLOAD=1) it skips and says why.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleElectron } from '../../electron/build/bundle-electron';
import { channels } from '../../electron/contract/kiosk-api';
import { repoRoot } from '../helpers/fixtures';

const require = createRequire(import.meta.url);

function electronBinary(): { path: string } | { skip: string } {
  let p: unknown;
  try {
    p = require('electron');
  } catch (err) {
    return { skip: `the Electron binary is not installed (${err instanceof Error ? err.message.split('\n')[0] : String(err)})` };
  }
  if (typeof p !== 'string' || !existsSync(p)) return { skip: `the Electron binary is not installed (${String(p)} does not exist)` };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return { skip: 'no display to open the Electron window on (set DISPLAY, e.g. under xvfb-run)' };
  return { path: p };
}

const bin = electronBinary();
if ('skip' in bin) console.warn(`SKIP electron-launch: ${bin.skip}`);
const d = 'skip' in bin ? describe.skip : describe;

d('Electron shell', () => {
  let app: ElectronApplication;
  let page: Page;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jejak-electron-'));

  beforeAll(async () => {
    await bundleElectron();
    if (!existsSync(path.join(repoRoot, 'dist', 'renderer', 'index.html'))) {
      const r = spawnSync('npm', ['run', '--silent', 'build:renderer'], { cwd: repoRoot, stdio: 'inherit' });
      if (r.status !== 0) throw new Error('npm run build:renderer failed');
    }
    app = await _electron.launch({
      executablePath: (bin as { path: string }).path,
      args: [repoRoot],
      env: { ...process.env, JEJAK_DATA_DIR: dataDir, JEJAK_KEY_FILE: path.join(dataDir, 'data.key') } as Record<string, string>,
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  afterAll(async () => {
    await app?.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the screens from app:// with the preload bridge and no Node', async () => {
    expect(page.url()).toMatch(/^app:\/\/kiosk\//);
    const seen = await page.evaluate(() => ({
      kiosk: Object.keys((globalThis as unknown as { kiosk: object }).kiosk ?? {}).sort(),
      require: typeof (globalThis as unknown as { require?: unknown }).require,
      process: typeof (globalThis as unknown as { process?: unknown }).process,
    }));
    expect(seen.kiosk).toEqual(Object.keys(channels).sort());
    expect(seen.require).toBe('undefined');
    expect(seen.process).toBe('undefined');
  });

  it('answers the kiosk API over IPC and validates arguments', async () => {
    const answers = await page.evaluate(async () => {
      const k = (globalThis as unknown as { kiosk: Record<string, (a: unknown) => Promise<{ ok: boolean; error?: { code: string } }>> }).kiosk;
      return { state: await k.getState!({}), bad: await k.submitScan!({ text: 42 }) };
    });
    expect(answers.state.ok).toBe(true);
    expect(answers.bad).toMatchObject({ ok: false, error: { code: 'BAD_ARGS' } });
  });

  it('blocks navigation away and new windows', async () => {
    const before = page.url();
    await page.evaluate(() => {
      (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe(before);
    const opened = await page.evaluate(() => (globalThis as unknown as { open(u: string): unknown }).open('https://example.com/') === null);
    expect(opened).toBe(true);
    expect(app.windows()).toHaveLength(1);
  });

  it('leaves kiosk mode only with the admin PIN', async () => {
    const wrong = await page.evaluate(() => (globalThis as unknown as { kiosk: { exitKiosk(a: unknown): Promise<{ ok: boolean; error?: { code: string } }> } }).kiosk.exitKiosk({ pin: '0000' }));
    expect(wrong.ok).toBe(false);
    expect(app.windows()).toHaveLength(1);
  });
});
