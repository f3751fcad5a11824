// The city server as a real process for the fault suite (the runner kill -9s and restarts it).
// argv[2]: JSON ServerChildConfig. Prints {"event":"listening","port":N} when it accepts connections.
import pino from 'pino';
import { buildApp } from '../../sync/server/app';
import { CityAdmin } from '../../sync/server/admin';
import { systemClock } from '../../sync/server/clock';
import { DEFAULT_CONFIG, type ServerConfig } from '../../sync/server/config';
import { CityKeys } from '../../sync/server/keys';
import { openServerStore, type ServerChildConfig } from './server-store';

const cfg = JSON.parse(process.argv[2] ?? '{}') as ServerChildConfig;

async function main(): Promise<void> {
  const store = openServerStore(cfg);
  await store.migrate();
  const keys = CityKeys.openOrCreate(cfg.dataDir, systemClock.now());
  const config: ServerConfig = { ...DEFAULT_CONFIG, maintenanceIntervalMs: 0, ...cfg.config };
  const admin = new CityAdmin(store, keys, systemClock, config, () => {
    throw new Error('face engine not used by the fault suite');
  });
  const app = await buildApp({ store, keys, clock: systemClock, config, admin, logger: pino({ level: 'silent' }) });
  await app.listen({ host: '127.0.0.1', port: cfg.port });
  process.stdout.write(`${JSON.stringify({ event: 'listening', port: cfg.port })}\n`);
  const shutdown = (): void => {
    void app.close().then(() => store.close()).finally(() => process.exit(0));
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((err: unknown) => {
  process.stdout.write(`${JSON.stringify({ event: 'error', message: (err as Error).message })}\n`);
  process.exit(3);
});
