// The only bridge between the kiosk screens and the trusted side: `window.kiosk`, one function per
// contract channel, each a plain IPC invoke (the main process checks the sender and the arguments).
// Built as an object that `satisfies KioskApi`, so the contract and the bridge cannot drift apart.
import { contextBridge, ipcRenderer } from 'electron';
import type { Answers, ArgsOf, Channel, KioskApi, Result } from './contract/kiosk-api';

// Inlined rather than imported from the contract: the sandboxed preload stays free of zod.
const ipcChannel = (c: Channel): string => `kiosk:${c}`;

function call<C extends Channel>(c: C): (args: ArgsOf<C>) => Promise<Result<Answers[C]>> {
  return (args) => ipcRenderer.invoke(ipcChannel(c), args) as Promise<Result<Answers[C]>>;
}

const kiosk = {
  getState: call('getState'),
  submitScan: call('submitScan'),
  submitFrame: call('submitFrame'),
  cancelSession: call('cancelSession'),
  staffUnlock: call('staffUnlock'),
  staffLock: call('staffLock'),
  recentDecisions: call('recentDecisions'),
  override: call('override'),
  registerVisitor: call('registerVisitor'),
  checkOut: call('checkOut'),
  provision: call('provision'),
  setCamera: call('setCamera'),
  reportCameraFps: call('reportCameraFps'),
  diagnostics: call('diagnostics'),
  exportLogs: call('exportLogs'),
  exitKiosk: call('exitKiosk'),
} satisfies KioskApi;

contextBridge.exposeInMainWorld('kiosk', Object.freeze(kiosk));
