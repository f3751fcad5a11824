// Electron main process: the kiosk window around the gate service. Everything that decides something
// lives in plain-Node modules (electron/kiosk, electron/security); this file only wires Electron to them.
//
// Hardening: sandboxed renderer with context isolation and no Node; screens from app:// with a strict
// CSP; no navigation away and no new windows; only the camera, only for our origin; every IPC call
// checked for its sender and validated; a fullscreen kiosk window that closes only through the admin PIN;
// one instance; display kept awake; a crashed renderer is logged and reloaded.
import { app, BrowserWindow, ipcMain, Menu, powerSaveBlocker, protocol, safeStorage, session } from 'electron';
import path from 'node:path';
import { APP_ENTRY_URL, APP_SCHEME } from './security/origins';
import { isAllowedNavigation, windowOpenDecision } from './security/navigation';
import { permissionDecision } from './security/permissions';
import { APP_SCHEME_PRIVILEGES, serveAppRequest } from './shell/app-protocol';
import { registerKioskIpc } from './ipc/register-kiosk-ipc';
import { composeKiosk, type ComposedKiosk } from './app/compose';
import { composeInBackground, laterService } from './app/startup';
import { FileKeyStore, SafeStorageKeyStore } from './store/key-store';
import type { LogEventName } from '../sync/protocol/log-events';

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
app.enableSandbox();

const appRoot = app.getAppPath();
// The bundled face worker sits beside this bundle (unpacked from the asar: workers load from disk).
process.env.JEJAK_FACE_WORKER ??= path.join(__dirname, 'face-worker.mjs').replace('app.asar', 'app.asar.unpacked');
process.env.JEJAK_SYNC_WORKER ??= path.join(__dirname, 'sync-worker.mjs').replace('app.asar', 'app.asar.unpacked');
const rendererDir = process.env.JEJAK_RENDERER_DIR ?? path.join(appRoot, 'dist', 'renderer');
const logLine = (event: LogEventName, fields: Record<string, unknown> = {}): void => {
  process.stdout.write(`${JSON.stringify({ at: new Date().toISOString(), event, ...fields })}\n`);
};

let mainWindow: BrowserWindow | null = null;
let kiosk: Promise<ComposedKiosk | null> = Promise.resolve(null);
let exiting = false;
/** the face engine starts loading at the latest this long after the window was created */
const ENGINE_START_FALLBACK_MS = 10_000;

if (!app.requestSingleInstanceLock()) {
  logLine('shell.second_instance_refused');
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
}

// Every web contents, present and future: no navigation off our origin, no popups, no <webview>.
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url)) {
      event.preventDefault();
      logLine('shell.navigation_blocked', { scheme: url.split(':')[0] });
    }
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => windowOpenDecision(url));
});

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    fullscreen: true,
    kiosk: true,
    frame: false,
    autoHideMenuBar: true,
    show: false,
    backgroundColor: '#0b1f33',
    webPreferences: {
      // The preload exposes only ipcRenderer.invoke wrappers, one per contract channel (electron/preload.ts).
      preload: path.join(__dirname, 'preload.cjs'), /* eng-disable PRELOAD_JS_CHECK -- reviewed, see above */
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      webviewTag: false,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
      devTools: !app.isPackaged,
    },
  });
  win.once('ready-to-show', () => win.show());
  // Exit only through the admin PIN (exitKiosk sets `exiting`).
  win.on('close', (event) => {
    if (!exiting) event.preventDefault();
  });
  win.webContents.on('render-process-gone', (_event, details) => {
    logLine('shell.renderer_gone', { reason: details.reason, exitCode: details.exitCode });
    if (!exiting) setTimeout(() => void win.loadURL(APP_ENTRY_URL), 1000);
  });
  win.webContents.on('unresponsive', () => logLine('shell.renderer_unresponsive'));
  void win.loadURL(APP_ENTRY_URL);
  return win;
}

function leaveKiosk(): void {
  exiting = true;
  logLine('shell.exit_requested');
  app.quit();
}

void app.whenReady().then(() => {
  Menu.setApplicationMenu(null);
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    callback(permissionDecision({ permission, requestingUrl: details.requestingUrl ?? contents.getURL(), mediaTypes, isMainFrame: details.isMainFrame }));
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    permissionDecision({ permission, requestingUrl: requestingOrigin, isMainFrame: details.isMainFrame }),
  );
  ses.setDevicePermissionHandler(() => false);
  // The CSP on every response, whatever served it (app:// already sets it; this is the belt to its
  // braces). Kept a literal so electronegativity can evaluate it; a test checks it equals kioskCsp().
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      // script-src 'self' is app://kiosk, which serves only our own bundle (no JSONP, no uploads); the
      // evaluator's generic 'self' warning and its unawareness of 'wasm-unsafe-eval' (CSP3) are reviewed here.
      responseHeaders: { /* eng-disable CSP_GLOBAL_CHECK -- reviewed, see above */
        ...details.responseHeaders,
        'Content-Security-Policy': [
          "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob: mediastream:; font-src 'self'; connect-src 'self'; worker-src 'self' blob:; manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'",
        ],
      },
    });
  });
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(rendererDir, request.url));

  // Start-up order (electron/app/startup.ts): the window first, the kiosk composed behind it. The IPC
  // handlers answer once the kiosk is composed (the screens' first getState waits for it); the face engine
  // and the sync thread start once the window has shown, so their CPU does not compete with Chromium's start;
  // until it is ready a visitor is asked to wait (ENGINE_LOADING), never decided by an unready engine.
  let windowShown!: () => void;
  const shown = new Promise<void>((resolve) => (windowShown = resolve));
  setTimeout(() => windowShown(), ENGINE_START_FALLBACK_MS).unref();
  const service = laterService();
  registerKioskIpc(ipcMain, service, (channel, url) => logLine('shell.ipc_refused', { channel, scheme: url?.split(':')[0] ?? null }));
  powerSaveBlocker.start('prevent-display-sleep');
  mainWindow = createWindow();
  mainWindow.once('ready-to-show', () => windowShown());

  const dataDir = process.env.JEJAK_DATA_DIR ?? path.join(app.getPath('userData'), 'kiosk');
  const starting = composeInBackground(
    () =>
      composeKiosk({
        dataDir,
        // Headless/demo installs may keep the data key in a 0600 file; a real kiosk uses the OS keychain.
        keyStore: process.env.JEJAK_KEY_FILE ? new FileKeyStore(process.env.JEJAK_KEY_FILE) : new SafeStorageKeyStore(safeStorage, path.join(dataDir, 'data-key.enc')),
        appVersion: app.getVersion(),
        weightsDir: process.env.JEJAK_WEIGHTS_DIR ?? path.join(appRoot, 'models', 'weights').replace('app.asar', 'app.asar.unpacked'),
        warmUpAfter: shown,
        onExit: leaveKiosk,
        logSink: (e) => logLine(e.event, e),
      }),
    // No store (key unavailable, data key mismatch, unwritable disk): the screens still come up and every
    // call answers STORE_FAILED, so staff see "please see the officer" instead of a blank screen.
    (err) => {
      const e = err as { code?: string; message?: string };
      logLine('shell.kiosk_failed', { code: e.code ?? 'UNKNOWN', message: e.message ?? String(err) });
    },
  );
  service.set(starting.service);
  kiosk = starting.kiosk;
});

// A quit of the whole app (admin PIN, or the service manager's SIGTERM) may close the window; a user's
// Alt+F4 on the window alone may not.
app.on('before-quit', () => {
  exiting = true;
});

app.on('window-all-closed', () => {
  if (exiting) app.quit();
});

app.on('will-quit', () => {
  // a kiosk still being composed is closed once it is there
  void kiosk.then((k) => k?.close());
});
