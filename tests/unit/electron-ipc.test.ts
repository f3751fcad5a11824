// IPC registration with a fake ipcMain: every contract channel is handled, only our app's main frame
// is answered, and the preload names the same channels.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { channels, ipcChannel } from '../../electron/contract/kiosk-api';
import { FORBIDDEN_SENDER, registerKioskIpc, type IpcEventLike, type IpcMainLike } from '../../electron/ipc/register-kiosk-ipc';
import { repoRoot } from '../helpers/fixtures';

function fakeIpcMain() {
  const handlers = new Map<string, (event: IpcEventLike, ...args: unknown[]) => unknown>();
  const ipc: IpcMainLike = {
    handle: (c, l) => {
      if (handlers.has(c)) throw new Error(`second handler for ${c}`);
      handlers.set(c, l);
    },
    removeHandler: (c) => void handlers.delete(c),
  };
  return { ipc, handlers };
}

describe('kiosk IPC', () => {
  it('handles every channel for our main frame and refuses every other sender', async () => {
    const { ipc, handlers } = fakeIpcMain();
    const calls: Array<[string, unknown]> = [];
    const refused: string[] = [];
    const cleanup = registerKioskIpc(ipc, { dispatch: async (c, a) => (calls.push([c, a]), { ok: true, value: c }) }, (c) => refused.push(c));
    expect([...handlers.keys()].sort()).toEqual((Object.keys(channels) as Array<keyof typeof channels>).map(ipcChannel).sort());

    const main = { url: 'app://kiosk/index.html' };
    const ours: IpcEventLike = { senderFrame: main, sender: { mainFrame: main } };
    expect(await handlers.get('kiosk:getState')!(ours, {})).toEqual({ ok: true, value: 'getState' });
    expect(calls).toEqual([['getState', {}]]);

    const sub = { url: 'app://kiosk/index.html' };
    const cases: IpcEventLike[] = [
      { senderFrame: sub, sender: { mainFrame: main } },
      { senderFrame: { url: 'https://evil.example/' }, sender: { mainFrame: null } },
      { senderFrame: null, sender: { mainFrame: main } },
    ];
    const evil = { url: 'https://evil.example/' };
    cases.push({ senderFrame: evil, sender: { mainFrame: evil } });
    for (const e of cases) expect(await handlers.get('kiosk:staffUnlock')!(e, { pin: '1234' })).toEqual(FORBIDDEN_SENDER);
    expect(calls).toHaveLength(1);
    expect(refused).toHaveLength(4);

    cleanup();
    expect(handlers.size).toBe(0);
  });

  it('the preload exposes exactly the contract channels over the same IPC names', () => {
    const src = readFileSync(path.join(repoRoot, 'electron', 'preload.ts'), 'utf8');
    expect(src).toContain('`kiosk:${c}`');
    expect(ipcChannel('getState')).toBe('kiosk:getState');
    const exposed = [...src.matchAll(/^\s+(\w+): call\('(\w+)'\),$/gm)].map((m) => [m[1], m[2]]);
    expect(exposed.map(([k]) => k).sort()).toEqual(Object.keys(channels).sort());
    for (const [k, c] of exposed) expect(k).toBe(c);
    expect(src).toContain('satisfies KioskApi');
  });

  it('the main process CSP literal is the shared kiosk CSP', async () => {
    const { kioskCsp } = await import('../../electron/security/csp');
    const main = readFileSync(path.join(repoRoot, 'electron', 'main.ts'), 'utf8');
    const literal = /'Content-Security-Policy': \[\s*"([^"]+)"/.exec(main)?.[1];
    expect(literal).toBe(kioskCsp());
  });
});
