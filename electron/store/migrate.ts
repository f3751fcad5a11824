// Brings a database to a schema version: each step and its `user_version` bump in one transaction,
// so a crash mid-migration leaves the previous version intact. A database written by newer code is
// refused: this code would not know its tables.
import type { Database } from 'better-sqlite3';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations/index';
import type { Migration, MigrationKeys } from './migrations/index';
import { StoreError } from './types';

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function assertNotNewer(db: Database, latest = LATEST_SCHEMA_VERSION): void {
  const current = schemaVersion(db);
  if (current > latest) {
    throw new StoreError(
      'DB_NEWER_THAN_CODE',
      { id: `basis data memakai skema versi ${current} sedangkan aplikasi ini hanya mengenal sampai ${latest}; pasang versi aplikasi yang lebih baru (berkas tidak diubah)`, en: `the database has schema version ${current} but this app knows only up to ${latest}; install the newer app version (the file was left untouched)` },
    );
  }
}

/** Applies the pending steps up to `target` (default: all). Returns the versions applied. */
export function migrate(db: Database, target: number = LATEST_SCHEMA_VERSION, steps: readonly Migration[] = MIGRATIONS, keys?: MigrationKeys): number[] {
  steps.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration list out of order: position ${i + 1} holds version ${m.version}`);
  });
  assertNotNewer(db, steps.length);
  const applied: number[] = [];
  for (const step of steps) {
    if (step.version > target || step.version <= schemaVersion(db)) continue;
    db.transaction(() => {
      step.up(db, keys);
      db.pragma(`user_version = ${step.version}`);
    }).immediate();
    applied.push(step.version);
  }
  return applied;
}
