// A plain `npm install` must succeed where the Electron binary cannot be downloaded (and without any
// variable): the project's postinstall fetches the binary where it can and never fails the install;
// the packaged app is built for the Electron version the kiosk is developed and tested on.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/fixtures';

const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  devDependencies: Record<string, string>;
  allowScripts: Record<string, boolean>;
};

describe('install without the Electron binary', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jejak-fetch-electron-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs the real fetch script in a scratch tree whose electron installer behaves as given. */
  function runFetch(installerBody: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): { status: number | null; out: string } {
    const tree = mkdtempSync(path.join(dir, 'tree-'));
    mkdirSync(path.join(tree, 'electron', 'build'), { recursive: true });
    copyFileSync(path.join(repoRoot, 'electron', 'build', 'fetch-electron.mjs'), path.join(tree, 'electron', 'build', 'fetch-electron.mjs'));
    mkdirSync(path.join(tree, 'node_modules', 'electron'), { recursive: true });
    writeFileSync(path.join(tree, 'node_modules', 'electron', 'install.js'), installerBody);
    const { ELECTRON_SKIP_BINARY_DOWNLOAD: _skip, ...rest } = process.env;
    const r = spawnSync(process.execPath, [path.join(tree, 'electron', 'build', 'fetch-electron.mjs'), ...args], {
      encoding: 'utf8',
      env: { ...rest, ...env },
    });
    return { status: r.status, out: `${r.stdout}${r.stderr}` };
  }

  const offline = "console.error('RequestError: getaddrinfo ENOTFOUND github.com'); process.exit(1);";

  it('is what npm runs after install, while electron\'s own failing postinstall is not run', () => {
    expect(pkg.scripts.postinstall).toBe('node electron/build/fetch-electron.mjs');
    expect(pkg.allowScripts.electron).toBe(false);
    // onnxruntime-node's postinstall only downloads CUDA providers (the kiosk runs ONNX on the CPU).
    expect(pkg.allowScripts['onnxruntime-node']).toBe(false);
  });

  it('a failed download leaves the install successful and says how to get Electron later', () => {
    const r = runFetch(offline);
    expect(r.status).toBe(0);
    expect(r.out).toContain('ENOTFOUND github.com');
    expect(r.out).toContain('npm run electron:fetch');
    expect(r.out).not.toContain('failed to install');
  });

  it('`npm run electron:fetch` (--required) fails when the download fails', () => {
    expect(runFetch(offline, ['--required']).status).toBe(1);
  });

  it('a successful download is silent', () => {
    const r = runFetch('process.exit(0);');
    expect(r).toEqual({ status: 0, out: '' });
  });

  it('ELECTRON_SKIP_BINARY_DOWNLOAD says it was skipped on purpose, without running the installer', () => {
    const r = runFetch("console.log('RAN'); process.exit(1);", [], { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
    expect(r.status).toBe(0);
    expect(r.out).not.toContain('RAN');
    expect(r.out).toContain('skipped on purpose');
  });

  it('packages the same Electron version as the one installed for development', () => {
    const yml = readFileSync(path.join(repoRoot, 'electron-builder.yml'), 'utf8');
    const pinned = /^electronVersion:\s*(\S+)\s*$/m.exec(yml)?.[1];
    expect(pinned).toBe(pkg.devDependencies.electron);
    const lock = JSON.parse(readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
    expect(lock.packages['node_modules/electron']?.version).toBe(pinned);
  });
});
