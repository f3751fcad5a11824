// One scenario's world: a fresh city server database (SQLite file or PostgreSQL schema), the server
// process on a fixed port (so it can be killed and restarted behind the proxy), the TCP fault proxy,
// and an in-process handle on the same server store for set-up and the final count.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { CityAdmin } from '../../sync/server/admin';
import { systemClock } from '../../sync/protocol/clock';
import { DEFAULT_CONFIG, type ServerConfig } from '../../sync/server/config';
import { CityKeys } from '../../sync/server/keys';
import { publishRiskList } from '../../sync/server/risk/publisher';
import { SQLITE_FILE } from '../../sync/server/server';
import type { ServerStore } from '../../sync/server/store/types';
import type { RiskEntry } from '../../sync/protocol/risk-feed';
import { Child, freePort, SERVER_CHILD } from './harness';
import { startFaultProxy, type FaultProxy } from './proxy';
import { openServerStore, type ServerChildConfig } from './server-store';

export type Backend = 'sqlite' | 'postgres';

/** Config the fault suite runs the server with: no limit on enrolment bursts (scenario 8 enrols 500). */
export const FAULT_SERVER_CONFIG: Partial<ServerConfig> = { enrolRatePerMinute: 1_000_000, rateLimitPerSecond: 1000, rateLimitBurst: 5000, riskChunkEntries: 500 };

let schemaSeq = 0;

/** The server child's connections carry this name, so "restarting the database" cuts only them. */
function withAppName(url: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}application_name=jejak-faults`;
}

export class ScenarioEnv {
  readonly dir: string;
  server: Child | null = null;
  proxy!: FaultProxy;
  store!: ServerStore;
  admin!: CityAdmin;
  keys!: CityKeys;
  gateId = '';
  venueId = '';
  serverCfg!: ServerChildConfig;

  readonly config: ServerConfig;

  private constructor(readonly backend: Backend, readonly name: string, readonly pgUrl: string | null, private readonly overrides: Partial<ServerConfig>) {
    this.dir = mkdtempSync(path.join(os.tmpdir(), `jejak-fault-${name}-`));
    this.config = { ...DEFAULT_CONFIG, ...FAULT_SERVER_CONFIG, ...overrides, maintenanceIntervalMs: 0 };
  }

  static async create(backend: Backend, name: string, pgUrl: string | null, overrides: Partial<ServerConfig> = {}): Promise<ScenarioEnv> {
    const env = new ScenarioEnv(backend, name, pgUrl, overrides);
    await env.init();
    return env;
  }

  private async init(): Promise<void> {
    const dataDir = path.join(this.dir, 'server');
    mkdirSync(dataDir, { recursive: true });
    const port = await freePort();
    this.serverCfg = {
      backend: this.backend,
      dataDir,
      port,
      config: { ...FAULT_SERVER_CONFIG, ...this.overrides },
      ...(this.backend === 'sqlite'
        ? { sqlitePath: path.join(dataDir, SQLITE_FILE) }
        : { pgUrl: withAppName(this.pgUrl!), pgSchema: `jejak_fault_${process.pid}_${++schemaSeq}` }),
    };
    this.store = openServerStore({ ...this.serverCfg, ...(this.pgUrl ? { pgUrl: this.pgUrl } : {}) });
    await this.store.migrate();
    this.keys = CityKeys.openOrCreate(dataDir, Date.now());
    this.admin = new CityAdmin(this.store, this.keys, systemClock, this.config, () => {
      throw new Error('no face engine in the fault suite');
    });
    const venue = await this.admin.createVenue({ name: `Pasar ${this.name}`, address: 'Jl. Suryakencana, Bogor', capacity: 100_000 });
    const gate = await this.admin.createGate({ venueId: venue.id, name: 'Pintu Utama' });
    this.venueId = venue.id;
    this.gateId = gate.id;
    await this.startServer();
    this.proxy = await startFaultProxy({ targetPort: port });
  }

  get directUrl(): string {
    return `http://127.0.0.1:${this.serverCfg.port}`;
  }

  async startServer(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const child = new Child(SERVER_CHILD, this.serverCfg);
      try {
        await child.waitFor((e) => e.event === 'listening', 60_000);
        this.server = child;
        return;
      } catch (err) {
        await child.kill9();
        // the port may still be held for a moment by the killed predecessor
        if (attempt >= 5) throw err;
        await new Promise((r) => setTimeout(r, 300));
      }
    }
  }

  async killServer(): Promise<void> {
    await this.server?.kill9();
    this.server = null;
  }

  /** PostgreSQL "restart" for this suite: every connection to our database is cut (others' databases untouched). */
  async cutDatabaseConnections(): Promise<number> {
    if (this.backend !== 'postgres') return 0;
    const c = new pg.Client({ connectionString: this.pgUrl! });
    await c.connect();
    try {
      const r = await c.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = 'jejak-faults'`,
      );
      return r.rowCount ?? 0;
    } finally {
      await c.end();
    }
  }

  async codes(n: number): Promise<string[]> {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push((await this.admin.createEnrolmentCode(this.gateId)).code);
    return out;
  }

  async publishRisk(entries: RiskEntry[]): Promise<number> {
    const s = await publishRiskList(this.store, entries, {
      listId: this.config.riskListId, now: Date.now(), key: this.keys.activeSigningKey(), chunkEntries: this.config.riskChunkEntries,
      manifestTtlMs: this.config.riskManifestTtlDays * 86_400_000, keepDeltaVersions: this.config.riskKeepDeltaVersions,
    });
    return s.version;
  }

  async serverVisitIds(): Promise<string[]> {
    return this.store.visitIds();
  }

  async close(): Promise<void> {
    await this.server?.stop();
    await this.proxy?.close();
    if (this.backend === 'postgres' && this.serverCfg.pgSchema) {
      const c = new pg.Client({ connectionString: this.pgUrl! });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${this.serverCfg.pgSchema} CASCADE`).catch(() => undefined);
      await c.end();
    }
    await this.store.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
