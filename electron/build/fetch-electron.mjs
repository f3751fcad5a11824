// The project's postinstall (and `npm run electron:fetch`): downloads the Electron binary where it can
// and never fails the install where it cannot. npm itself does not run electron's own postinstall
// (package.json `allowScripts`: electron false), because that one exits 1 when the download fails
// (offline, a proxy, a build machine), which made a plain `npm install` fail. The electron package (its
// types, which the typecheck needs) is installed either way; only the binary is optional, and
// `npm start` opens the browser host when it is absent.
// Plain JavaScript on purpose: it runs right after `npm install`, before anything is built, and must
// not depend on tsx or a dev toolchain (e.g. under `npm ci --omit=dev`).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const installer = path.join(root, 'node_modules', 'electron', 'install.js');
const say = (line) => console.log(`[jejak install] ${line}`);
// `npm run electron:fetch` asks for the binary explicitly, so there a failed download is an error.
const required = process.argv.includes('--required');

if (!existsSync(installer)) {
  say('electron is not installed (dev dependencies omitted): `npm start` will use the browser host');
  process.exit(0);
}
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  say('Electron binary download skipped on purpose (ELECTRON_SKIP_BINARY_DOWNLOAD): `npm start` will use the browser host');
  process.exit(0);
}
// electron's installer exits 0 at once when the binary of its version is already in place.
const run = spawnSync(process.execPath, [installer], {
  cwd: path.dirname(installer),
  stdio: ['ignore', 'inherit', 'pipe'],
  encoding: 'utf8',
  // A hung download must not hang the install: the binary is ~100 MB; 10 minutes is generous.
  timeout: 10 * 60_000,
});
if (run.status === 0) process.exit(0);
const why = run.error?.message || (run.stderr ?? '').trim().split('\n')[0] || `exit ${run.status}`;
say(`the Electron binary could not be downloaded (${why}).`);
if (required) process.exit(1);
say('The install is fine without it: `npm start` opens the kiosk in Chromium instead. To get Electron later: `npm run electron:fetch`.');
process.exit(0);
