// startCityServer(): the city server in-process (tests, the fault suite, the kiosk demo) or from main.ts.
import { chmodSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { DestinationStream, Logger } from 'pino';
import { CityAdmin } from './admin';
import { buildApp } from './app';
import { ConsoleAccounts } from './console/accounts';
import type { Clock } from '../protocol/clock';
import { systemClock } from '../protocol/clock';
import { DEFAULT_CONFIG } from './config';
import type { ServerConfig } from './config';
import { CityKeys } from './keys';
import { createLogger, eventLogger } from './log';
import { PostgresStore } from './store/postgres/postgres-store';
import { SqliteStore } from './store/sqlite/sqlite-store';
import type { ServerStore } from './store/types';
import { faceEngineExtractor } from './templates';
import type { TemplateExtractor } from './templates';

export interface CityServerOptions {
  /** keys (and the SQLite file unless pgUrl is given) live here; created 0700 */
  dataDir?: string;
  /** PostgreSQL instead of SQLite */
  pgUrl?: string;
  /** PostgreSQL schema (tests use one per file) */
  pgSchema?: string;
  port?: number;
  host?: string;
  clock?: Clock;
  config?: Partial<ServerConfig>;
  /** pino level; default 'info' ('silent' in tests) */
  logLevel?: string;
  logDestination?: DestinationStream;
  templateExtractor?: TemplateExtractor;
}

export interface CityServer {
  url: string;
  port: number;
  store: ServerStore;
  admin: CityAdmin;
  /** console accounts, sessions and API keys (create-user, tests, the demo) */
  accounts: ConsoleAccounts;
  keys: CityKeys;
  config: ServerConfig;
  app: FastifyInstance;
  logger: Logger;
  /**
   * purge old visits and maintain partitions now (also runs on a timer); false when another server
   * process on the same database was doing it at that moment
   */
  runMaintenance(): Promise<boolean>;
  close(): Promise<void>;
}

export const SQLITE_FILE = 'city.db';

/** Default data dir: under .jejak/ (git-ignored), so secrets never land in a commit by accident. */
export const DEFAULT_DATA_DIR = '.jejak/city-server';

/**
 * The data dir holds the city's signing keys, the data key and (SQLite) every visit: 0700, and every
 * file in it 0600, also when an operator created the folder by hand or an older version left 0644 files.
 */
export function ensurePrivateDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return;
  chmodSync(dataDir, 0o700);
  for (const e of readdirSync(dataDir, { withFileTypes: true })) {
    if (e.isFile()) chmodSync(path.join(dataDir, e.name), 0o600);
  }
}

/** Opens (and migrates) the store without starting HTTP: the CLI's offline commands use this. */
export async function openCityStore(opts: Pick<CityServerOptions, 'dataDir' | 'pgUrl' | 'pgSchema'>): Promise<ServerStore> {
  const dataDir = path.resolve(opts.dataDir ?? process.env.JEJAK_SERVER_DATA ?? DEFAULT_DATA_DIR);
  ensurePrivateDataDir(dataDir);
  const store: ServerStore = opts.pgUrl ? new PostgresStore({ url: opts.pgUrl, schema: opts.pgSchema }) : new SqliteStore(path.join(dataDir, SQLITE_FILE));
  try {
    await store.migrate();
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}

export function openCity(opts: CityServerOptions, store: ServerStore): { admin: CityAdmin; keys: CityKeys; config: ServerConfig; clock: Clock; extractor: () => TemplateExtractor } {
  const clock = opts.clock ?? systemClock;
  const config: ServerConfig = { ...DEFAULT_CONFIG, ...(opts.config ?? {}) };
  const dataDir = path.resolve(opts.dataDir ?? process.env.JEJAK_SERVER_DATA ?? DEFAULT_DATA_DIR);
  const keys = CityKeys.openOrCreate(dataDir, clock.now().getTime());
  // the key file and the SQLite side files exist by now
  ensurePrivateDataDir(dataDir);
  let extractor = opts.templateExtractor ?? null;
  const getExtractor = () => (extractor ??= faceEngineExtractor());
  return { admin: new CityAdmin(store, keys, clock, config, getExtractor), keys, config, clock, extractor: getExtractor };
}

export async function startCityServer(opts: CityServerOptions = {}): Promise<CityServer> {
  const dataDir = path.resolve(opts.dataDir ?? process.env.JEJAK_SERVER_DATA ?? DEFAULT_DATA_DIR);
  const store = await openCityStore({ ...opts, dataDir });
  const { admin, keys, config, clock, extractor } = openCity({ ...opts, dataDir }, store);
  const logger = createLogger(opts.logLevel ?? 'info', opts.logDestination);
  const log = eventLogger(logger);
  const app = await buildApp({ store, keys, clock, config, admin, logger, extractor });

  // With several server processes on one PostgreSQL, one of them does the upkeep at a time.
  const runMaintenance = async () => (await store.exclusive('maintenance', async () => {
    const now = clock.now().getTime();
    await store.maintainPartitions(now);
    const removed = await store.purgeVisitsBefore(now - config.retentionDays * 86_400_000);
    await store.purgeSessions(now, config.consoleIdleMinutes * 60_000);
    if (removed > 0) log.info('server.purged', { removed, retentionDays: config.retentionDays });
  })).ran;
  await runMaintenance();
  let timer: NodeJS.Timeout | null = null;
  if (config.maintenanceIntervalMs > 0) {
    timer = setInterval(() => void runMaintenance().catch((err: unknown) => log.error('server.maintenance_failed', { err })), config.maintenanceIntervalMs);
    timer.unref();
  }

  let address: string;
  try {
    address = await app.listen({ port: opts.port ?? 0, host: opts.host ?? '127.0.0.1' });
  } catch (err) {
    await store.close();
    throw err;
  }
  const port = (app.server.address() as { port: number }).port;
  const host = opts.host ?? '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log.info('server.listening', { url, backend: store.backend, address });
  let closed = false;
  return {
    url, port, store, admin, accounts: new ConsoleAccounts(store, clock, config, keys.dataKey), keys, config, app, logger, runMaintenance,
    async close() {
      if (closed) return;
      closed = true;
      if (timer) clearInterval(timer);
      await app.close();
      await store.close();
    },
  };
}
