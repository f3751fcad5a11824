// "Recorded" means durable: every visit whose recordVisit() returned is in the database (with its
// outbox row) after the process is killed with SIGKILL at a random moment, and the file is intact.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { FileKeyStore, openKioskStore } from '../../electron/store/index';
import { tempDir } from '../helpers/store';

const here = path.dirname(fileURLToPath(import.meta.url));
const child = path.join(here, 'store-crash-child.ts');
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

/** runs the child until it has reported at least `atLeast` visits, then SIGKILLs it; returns the ids it reported */
function recordThenKill(dir: string, atLeast: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let buf = '';
    let stderr = '';
    const ids: string[] = [];
    // kill at a random point after the threshold, usually mid-transaction
    const target = atLeast + Math.floor(Math.random() * 50);
    proc.stdout.on('data', (chunk: Buffer) => {
      buf += chunk.toString('utf8');
      const lines = buf.split('\n');
      buf = lines.pop()!;
      for (const l of lines) if (l && l !== 'ready') ids.push(l);
      if (ids.length >= target && proc.exitCode === null) proc.kill('SIGKILL');
    });
    proc.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    proc.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(ids) : reject(new Error(`child exited without being killed: ${stderr}`))));
  });
}

describe('durability across SIGKILL', () => {
  it('keeps every visit whose record call returned, with its outbox row, over 3 kills', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const reported: string[] = [];
    for (let round = 0; round < 3; round++) reported.push(...(await recordThenKill(tmp.dir, 150)));

    const store = openKioskStore({ path: path.join(tmp.dir, 'kiosk.db'), keyStore: new FileKeyStore(path.join(tmp.dir, 'data.key')), clock: { now: () => new Date() } });
    cleanups.push(() => store.close());
    expect(store.openInfo.movedAside).toBeNull();
    const missing = reported.filter((id) => store.getVisit(id) === null);
    expect(missing).toEqual([]);
    const queued = new Set(store.nextOutboxBatch(100_000).map((o) => o.id));
    expect(reported.filter((id) => !queued.has(id))).toEqual([]);
    // the outbox holds no visit the store does not have, and the priority alerts point at real visits
    for (const id of queued) expect(store.getVisit(id)).not.toBeNull();
    for (const a of store.nextAlertBatch(100_000)) expect(store.getVisit(a.alert.visitId)).toMatchObject({ outcome: 'DENY' });
    expect(store.integrityCheck()).toMatchObject({ ok: true, sqlite: ['ok'], foreignKeyViolations: 0 });
  });
});
