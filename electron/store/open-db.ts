// Opening the kiosk's SQLite file: durable settings, a quick integrity check, and recovery from a
// corrupt or unreadable file by moving it (and its -wal/-shm) aside — never deleting it — so the
// gate keeps working on a fresh database while the old file waits for IT staff.
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { chmodSync, existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Clock, EventLogger } from './types';

export interface OpenedDatabase {
  db: Db;
  movedAside: { path: string; reason: string } | null;
}

/** SQLite result codes that mean "this file is not a (healthy) database", as opposed to busy/permission. */
function isCorruption(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT'));
}

export function applyPragmas(db: Db): void {
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') throw new Error(`could not switch the database to WAL (journal_mode=${String(mode)})`);
  // better-sqlite3 leaves WAL at NORMAL, which can lose the last commits on power loss: a recorded
  // visit must survive a power cut, so every commit syncs the WAL.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // up to 64 MiB of page cache (filled only as used): a 1M-entry risk list (≈55 MB) stays in memory,
  // so a lookup never waits on a read syscall
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  // a 1M-entry snapshot grows the WAL to tens of MB; truncate it back after checkpoints
  db.pragma('journal_size_limit = 67108864');
  // Checkpoints copy the WAL into the file and fsync it: tens of ms a visitor should not wait for.
  // The app calls store.checkpoint() when the gate is idle; this larger automatic threshold (16 MiB)
  // is the safety net when it does not.
  db.pragma('wal_autocheckpoint = 4000');
}

function quickCheck(db: Db): string[] {
  const rows = db.pragma('quick_check') as { quick_check: string }[];
  return rows.map((r) => r.quick_check);
}

/**
 * Checks an existing file on a READ-ONLY connection first: a read-write connection would, on close,
 * checkpoint and delete the -wal of a file it could not read, destroying what we want to keep aside.
 * Returns why the file is unusable, or null when it is fine.
 */
function inspect(file: string): string | null {
  let db: Db | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const problems = quickCheck(db);
    return problems.length === 1 && problems[0] === 'ok' ? null : `quick_check: ${problems.slice(0, 3).join('; ')}`;
  } catch (err) {
    if (isCorruption(err)) return `${(err as { code?: string }).code ?? 'error'}: ${(err as Error).message}`;
    throw err;
  } finally {
    db?.close();
  }
}

function openReadWrite(file: string): Db {
  const db = new Database(file);
  try {
    applyPragmas(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

function stamp(clock: Clock): string {
  return clock.now().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/** Renames the database and its WAL/SHM side files to `<file>.corrupt-<time>[-wal|-shm]`. */
export function moveAside(file: string, clock: Clock): string {
  let target = `${file}.corrupt-${stamp(clock)}`;
  for (let n = 2; existsSync(target) || existsSync(`${target}-wal`); n++) target = `${file}.corrupt-${stamp(clock)}-${n}`;
  renameSync(file, target);
  for (const side of ['-wal', '-shm', '-journal']) {
    if (existsSync(file + side)) renameSync(file + side, target + side);
  }
  return target;
}

/**
 * The database holds visits and health statuses: owner-only, whatever the umask or an older install
 * left. The folder is 0700 and the file 0600 before SQLite opens it (SQLite creates -wal/-shm with the
 * database file's mode); side files left by an older version are narrowed too.
 */
function ownerOnly(file: string): void {
  if (process.platform === 'win32') return;
  chmodSync(path.dirname(file), 0o700);
  if (!existsSync(file)) writeFileSync(file, '', { mode: 0o600 });
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    if (existsSync(f)) chmodSync(f, 0o600);
  }
}

export function openDatabase(file: string, clock: Clock, logger?: EventLogger): OpenedDatabase {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
  ownerOnly(path.resolve(file));
  let movedAside: OpenedDatabase['movedAside'] = null;
  if (existsSync(file) && statSync(file).size > 0) {
    const problem = inspect(file);
    if (problem !== null) {
      const moved = moveAside(file, clock);
      // the database was unreadable: moved aside, the kiosk starts fresh
      logger?.error('store.corrupt', { movedTo: path.basename(moved), reason: problem });
      movedAside = { path: moved, reason: problem };
    }
  }
  if (movedAside) ownerOnly(path.resolve(file));
  const db = openReadWrite(file);
  ownerOnly(path.resolve(file));
  return { db, movedAside };
}
