// The city server as a real process for the fault suite (the runner kill -9s and restarts it).
// argv[2]: JSON ServerChildConfig. Prints {"event":"listening","port":N} when it accepts connections.
import { startCityServer } from '../../sync/server/server';
import type { ServerChildConfig } from './server-store';

const cfg = JSON.parse(process.argv[2] ?? '{}') as ServerChildConfig;

async function main(): Promise<void> {
  const server = await startCityServer({
    dataDir: cfg.dataDir,
    ...(cfg.backend === 'postgres' ? { pgUrl: cfg.pgUrl!, pgSchema: cfg.pgSchema! } : {}),
    port: cfg.port,
    host: '127.0.0.1',
    logLevel: 'silent',
    config: { maintenanceIntervalMs: 0, ...cfg.config },
  });
  process.stdout.write(`${JSON.stringify({ event: 'listening', port: server.port })}\n`);
  const shutdown = (): void => {
    void server.close().finally(() => process.exit(0));
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((err: unknown) => {
  process.stdout.write(`${JSON.stringify({ event: 'error', message: (err as Error).message })}\n`);
  process.exit(3);
});
