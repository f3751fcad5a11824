import type { Database } from 'better-sqlite3';
import type { FieldCipher } from '../field-cipher';

/** What a step that rewrites sealed or keyed values needs: the data key (verified against the file first). */
export interface MigrationKeys {
  cipher: FieldCipher;
}

/** One schema step. `up` runs inside a transaction together with the `user_version` bump. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database, keys?: MigrationKeys): void;
}
