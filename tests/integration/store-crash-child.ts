// Child process for store-durability.test.ts: records visits as fast as it can and prints each id on
// stdout only after recordVisit has returned, until the parent kills it with SIGKILL.
import { writeSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { FileKeyStore, openKioskStore } from '../../electron/store/index';
import { demoDeviceConfig } from '../helpers/store';

const dir = process.argv[2]!;
const store = openKioskStore({ path: path.join(dir, 'kiosk.db'), keyStore: new FileKeyStore(path.join(dir, 'data.key')), clock: { now: () => new Date() } });
if (!store.getDeviceConfig()) store.saveDeviceConfig(demoDeviceConfig());
writeSync(1, 'ready\n');
for (;;) {
  const deny = Math.random() < 0.1;
  const { id } = store.recordVisit({
    direction: 'entry', outcome: deny ? 'DENY' : 'ADMIT', reason: deny ? 'RISK_CONFIRMED' : 'ADMIT',
    nikHash: randomBytes(32).toString('hex'), faceDistance: 0.3, livenessScore: 0.9, riskListVersion: 1,
  });
  writeSync(1, `${id}\n`);
}
