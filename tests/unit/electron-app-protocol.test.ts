// The app:// handler of the Electron shell, in plain Node: files of the renderer build with their types
// and the strict CSP, client routes get the app, nothing outside the build, missing assets are 404.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serveAppRequest } from '../../electron/shell/app-protocol';

describe('app:// protocol handler', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'app-proto-'));
  const build = path.join(root, 'renderer');
  mkdirSync(path.join(build, 'assets'), { recursive: true });
  writeFileSync(path.join(build, 'index.html'), '<!doctype html><title>Jejak</title>');
  writeFileSync(path.join(build, 'assets', 'app.js'), 'export {}');
  writeFileSync(path.join(build, 'assets', 'zxing.wasm'), Buffer.from([0, 97, 115, 109]));
  writeFileSync(path.join(root, 'secret.txt'), 'do not serve');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.each([
    ['app://kiosk/', 200, 'text/html', 'Jejak'],
    ['app://kiosk/index.html', 200, 'text/html', 'Jejak'],
    ['app://kiosk/staff', 200, 'text/html', 'Jejak'],
    ['app://kiosk/assets/app.js', 200, 'text/javascript', 'export'],
    ['app://kiosk/assets/zxing.wasm', 200, 'application/wasm', null],
    ['app://kiosk/assets/missing.js', 404, null, null],
    ['app://kiosk/../secret.txt', 404, null, null],
    ['app://kiosk/%2e%2e/secret.txt', 404, null, null],
    ['app://other/index.html', 404, null, null],
  ])('%s → %i', async (url, status, type, text) => {
    const res = await serveAppRequest(build, url);
    expect(res.status).toBe(status);
    const body = await res.text();
    expect(body).not.toContain('do not serve');
    if (type) expect(res.headers.get('content-type')).toContain(type);
    if (text) expect(body).toContain(text);
    if (status === 200) expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
  });
});
