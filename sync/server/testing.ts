// Test support: a real city server on 127.0.0.1 with a throwaway SQLite data dir or PostgreSQL schema,
// plus a venue, a gate and an enrolment code. Used by the server's tests and open to the sync agent's
// tests, the fault suite and the demo.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { CityServer, CityServerOptions } from './server';
import { startCityServer } from './server';

export type Backend = 'sqlite' | 'postgres';

export interface TestCityServer extends CityServer {
  backend: Backend;
  dataDir: string;
  venueId: string;
  gateId: string;
  /** a fresh one-time enrolment code for the gate */
  newEnrolmentCode(): Promise<string>;
  /** close and delete the data dir / drop the schema */
  destroy(): Promise<void>;
}

export async function startTestCityServer(backend: Backend, opts: CityServerOptions & { pgUrl?: string } = {}): Promise<TestCityServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'jejak-city-'));
  const pgSchema = backend === 'postgres' ? (opts.pgSchema ?? `jejak_t_${randomBytes(5).toString('hex')}`) : undefined;
  if (backend === 'postgres' && !opts.pgUrl) throw new Error('postgres backend needs pgUrl');
  const server = await startCityServer({
    logLevel: 'silent',
    ...opts,
    dataDir,
    pgUrl: backend === 'postgres' ? opts.pgUrl : undefined,
    pgSchema,
    config: { maintenanceIntervalMs: 0, ...(opts.config ?? {}) },
  });
  const venue = await server.admin.createVenue({ name: 'Botani Square', address: 'Jl. Raya Pajajaran, Bogor', capacity: 500, region: '3271', dwellMinutes: 120 });
  const gate = await server.admin.createGate({ venueId: venue.id, name: 'Pintu Utama' });
  return {
    ...server,
    backend,
    dataDir,
    venueId: venue.id,
    gateId: gate.id,
    newEnrolmentCode: async () => (await server.admin.createEnrolmentCode(gate.id)).code,
    async destroy() {
      await server.close();
      if (backend === 'postgres' && opts.pgUrl) {
        const c = new pg.Client({ connectionString: opts.pgUrl });
        await c.connect();
        await c.query(`DROP SCHEMA IF EXISTS ${pgSchema} CASCADE`);
        await c.end();
      }
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
