// Runs the city server as a process: `tsx sync/server/main.ts [--port N] [--host H] [--data-dir D] [--pg-url URL]`.
// Environment: JEJAK_SERVER_DATA, JEJAK_SERVER_PG_URL, JEJAK_SERVER_PG_SCHEMA, JEJAK_SERVER_PORT, JEJAK_SERVER_HOST,
// JEJAK_SERVER_LOG_LEVEL. --config '{"retentionDays":30}' overrides settings (see config.ts).
// Prints one JSON line {"event":"listening","url":…} on stdout when ready (for parents that spawn it).
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CONFIG } from './config';
import type { ServerConfig } from './config';
import { eventLogger } from './log';
import { startCityServer } from './server';
import type { CityServer } from './server';

export interface RunOptions {
  port?: number;
  host?: string;
  dataDir?: string;
  pgUrl?: string;
  pgSchema?: string;
  logLevel?: string;
  /** JSON object of ServerConfig overrides (e.g. rate limits for a bench) */
  config?: Record<string, unknown>;
}

export function serverOptionsFromArgs(argv: string[]): RunOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' }, host: { type: 'string' }, 'data-dir': { type: 'string' }, 'pg-url': { type: 'string' }, 'pg-schema': { type: 'string' }, 'log-level': { type: 'string' }, config: { type: 'string' },
    },
    allowPositionals: false,
    strict: true,
  });
  const port = values.port ?? process.env.JEJAK_SERVER_PORT ?? '8080';
  if (!/^\d{1,5}$/.test(port)) throw new Error(`--port must be a number, got ${port}`);
  return {
    port: Number(port),
    host: values.host ?? process.env.JEJAK_SERVER_HOST ?? '127.0.0.1',
    dataDir: values['data-dir'] ?? process.env.JEJAK_SERVER_DATA,
    pgUrl: values['pg-url'] ?? process.env.JEJAK_SERVER_PG_URL,
    pgSchema: values['pg-schema'] ?? process.env.JEJAK_SERVER_PG_SCHEMA,
    config: values.config ? (JSON.parse(values.config) as Record<string, unknown>) : undefined,
    logLevel: values['log-level'] ?? process.env.JEJAK_SERVER_LOG_LEVEL ?? 'info',
  };
}

/** Only known settings with the right type; anything else is a startup error, not silently ignored. */
export function configOverrides(input: Record<string, unknown>): Partial<ServerConfig> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) {
    const def = (DEFAULT_CONFIG as unknown as Record<string, unknown>)[k];
    if (def === undefined) throw new Error(`unknown setting ${k}`);
    if (typeof v !== typeof def) throw new Error(`setting ${k} must be a ${typeof def}`);
    out[k] = v;
  }
  return out as Partial<ServerConfig>;
}

export async function runServer(opts: RunOptions): Promise<CityServer> {
  const server = await startCityServer({ ...opts, config: configOverrides(opts.config ?? {}) });
  process.stdout.write(`${JSON.stringify({ event: 'listening', url: server.url, backend: server.store.backend, pid: process.pid })}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    eventLogger(server.logger).info('server.stopping', { signal });
    server.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  return server;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  runServer(serverOptionsFromArgs(process.argv.slice(2))).catch((err: unknown) => {
    console.error(`jejak city server failed to start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
