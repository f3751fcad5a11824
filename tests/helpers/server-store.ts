// A throwaway city-server store on either backend: a SQLite file in a temp dir, or a PostgreSQL
// schema of its own (dropped afterwards), migrated to the latest version.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PostgresStore } from '../../sync/server/store/postgres/postgres-store';
import { SqliteStore } from '../../sync/server/store/sqlite/sqlite-store';
import type { ServerStore } from '../../sync/server/store/types';
import type { Backend } from '../../sync/server/testing';

export interface TestStore {
  store: ServerStore;
  destroy(): Promise<void>;
}

export async function openTestStore(backend: Backend, pgUrl: string | null): Promise<TestStore> {
  if (backend === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jejak-store-'));
    const store = new SqliteStore(path.join(dir, 'city.db'));
    await store.migrate();
    return { store, destroy: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); } };
  }
  if (!pgUrl) throw new Error('postgres backend needs JEJAK_PG_URL');
  const schema = `jejak_t_${randomBytes(5).toString('hex')}`;
  const store = new PostgresStore({ url: pgUrl, schema });
  await store.migrate();
  return {
    store,
    destroy: async () => {
      await store.close();
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    },
  };
}
