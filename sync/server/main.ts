// Runs the city server as a process: `tsx sync/server/main.ts [--port N] [--host H] [--data-dir D] [--pg-url URL]`.
// Environment: JEJAK_SERVER_DATA, JEJAK_SERVER_PG_URL, JEJAK_SERVER_PORT, JEJAK_SERVER_HOST, JEJAK_SERVER_LOG_LEVEL.
// Prints one JSON line {"event":"listening","url":…} on stdout when ready (for parents that spawn it).
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startCityServer } from './server';
import type { CityServer } from './server';

export interface RunOptions {
  port?: number;
  host?: string;
  dataDir?: string;
  pgUrl?: string;
  logLevel?: string;
}

export function serverOptionsFromArgs(argv: string[]): RunOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' }, host: { type: 'string' }, 'data-dir': { type: 'string' }, 'pg-url': { type: 'string' }, 'log-level': { type: 'string' },
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
    logLevel: values['log-level'] ?? process.env.JEJAK_SERVER_LOG_LEVEL ?? 'info',
  };
}

export async function runServer(opts: RunOptions): Promise<CityServer> {
  const server = await startCityServer(opts);
  process.stdout.write(`${JSON.stringify({ event: 'listening', url: server.url, backend: server.store.backend, pid: process.pid })}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.logger.info({ signal }, 'stopping');
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
