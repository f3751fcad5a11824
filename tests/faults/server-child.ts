// The city server as a real process for the fault suite (the runner kill -9s and restarts it).
// argv[2]: JSON ServerChildConfig. Prints {"event":"listening","port":N} when it accepts connections.
import { startCityServer, type CityServer } from '../../sync/server/server';
import { publishRiskList } from '../../sync/server/risk/publisher';
import { currentRiskEntries } from '../../sync/server/risk/current-list';
import { randomEntries } from './feed-fixture';
import type { ServerChildConfig } from './server-store';

const cfg = JSON.parse(process.argv[2] ?? '{}') as ServerChildConfig;

const emit = (o: Record<string, unknown>): void => void process.stdout.write(`${JSON.stringify(o)}\n`);

/** Next version: the current list with 1 % removed and as many added. Another process may publish meanwhile. */
async function publishForever(server: CityServer, everyMs: number): Promise<void> {
  const { store, keys, config } = server;
  for (;;) {
    await new Promise((r) => setTimeout(r, everyMs * (0.5 + Math.random())));
    emit({ event: 'publish-start' });
    try {
      const current = await currentRiskEntries(store, config.riskListId);
      const n = Math.max(1, Math.floor(current.length / 100));
      const next = [...current.slice(n), ...randomEntries(n)];
      const s = await publishRiskList(store, next, {
        listId: config.riskListId, now: Date.now(), key: keys.activeSigningKey(), chunkEntries: config.riskChunkEntries,
        manifestTtlMs: config.riskManifestTtlDays * 86_400_000, keepDeltaVersions: config.riskKeepDeltaVersions,
      });
      emit({ event: 'published', version: s.version, entries: s.entryCount });
    } catch (err) {
      // the other process published first ("moved on"), or the database connection was cut
      emit({ event: 'publish-refused', message: (err as Error).message.slice(0, 120) });
    }
  }
}

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
  if (cfg.publishEveryMs) void publishForever(server, cfg.publishEveryMs);
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
