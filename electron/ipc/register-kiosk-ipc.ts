// The kiosk API over Electron IPC: one `handle` per contract channel. Every call is checked for its
// sender (the main frame of our app origin) before the service sees it; the service validates the
// arguments with the contract's schemas. Takes an ipcMain-shaped object so it is tested in plain Node.
import type { Channel } from '../contract/kiosk-api';
import { channels, ipcChannel } from '../contract/kiosk-api';
import { isTrustedSender } from '../security/sender';

export interface IpcFrameLike {
  url: string;
}

export interface IpcEventLike {
  senderFrame: IpcFrameLike | null;
  sender: { mainFrame: IpcFrameLike | null };
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface IpcDispatcher {
  dispatch(channel: string, args: unknown): Promise<unknown>;
}

export const FORBIDDEN_SENDER = {
  ok: false as const,
  error: { code: 'FORBIDDEN_SENDER', message: { id: 'Permintaan ditolak', en: 'Request refused' } },
};

/** Registers every channel; returns the clean-up that removes them. */
export function registerKioskIpc(ipcMain: IpcMainLike, service: IpcDispatcher, onRefused?: (channel: Channel, url: string | null) => void): () => void {
  const names = Object.keys(channels) as Channel[];
  for (const c of names) {
    ipcMain.handle(ipcChannel(c), async (event, args) => {
      const frame = event.senderFrame;
      const trusted = isTrustedSender({ frameUrl: frame?.url, isMainFrame: frame !== null && frame === event.sender.mainFrame });
      if (!trusted) {
        onRefused?.(c, frame?.url ?? null);
        return FORBIDDEN_SENDER;
      }
      return service.dispatch(c, args);
    });
  }
  return () => {
    for (const c of names) ipcMain.removeHandler(ipcChannel(c));
  };
}
