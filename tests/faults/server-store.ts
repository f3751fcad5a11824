// Opens the city server's store for one backend: used by the server child and, concurrently, by the
// runner (admin set-up, publishing risk lists, reading the visit ids at the end).
import { PostgresStore } from '../../sync/server/store/postgres/postgres-store';
import { SqliteStore } from '../../sync/server/store/sqlite/sqlite-store';
import type { ServerStore } from '../../sync/server/store/types';
import type { ServerConfig } from '../../sync/server/config';

export interface ServerChildConfig {
  backend: 'sqlite' | 'postgres';
  /** city keys (and the SQLite file) live here */
  dataDir: string;
  sqlitePath?: string;
  pgUrl?: string;
  pgSchema?: string;
  port: number;
  config?: Partial<ServerConfig>;
  /**
   * publish a new risk-list version every this many ms from inside the server process (as a Dinkes
   * upload to this process would), so a kill -9 can land in the middle of a publication
   */
  publishEveryMs?: number;
}

export function openServerStore(cfg: ServerChildConfig): ServerStore {
  if (cfg.backend === 'sqlite') return new SqliteStore(cfg.sqlitePath!);
  return new PostgresStore({ url: cfg.pgUrl!, schema: cfg.pgSchema ?? 'public', poolSize: 4 });
}
