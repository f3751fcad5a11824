// Dinkes risk list CSV: header `nik,status,valid_until`, one person per line. A file with any bad
// line is refused whole, with every bad line number and its reason; nothing is applied.
import { parseNik } from '../../protocol/nik';
import { nikHash } from '../../protocol/crypto';
import type { Bilingual } from '../../protocol/bilingual';
import type { RiskEntry } from '../../protocol/risk-feed';
import { isRiskStatus } from '../../protocol/risk-status';

export interface CsvLineError {
  line: number;
  code: string;
  message: Bilingual;
}

export type RiskCsvResult = { ok: true; entries: RiskEntry[]; lines: number } | { ok: false; errors: CsvLineError[]; lines: number };

const M = {
  header: { id: 'Baris judul harus "nik,status,valid_until"', en: 'The header line must be "nik,status,valid_until"' },
  fields: { id: 'Baris harus berisi 3 kolom: nik,status,valid_until', en: 'A line must have 3 fields: nik,status,valid_until' },
  status: { id: 'Status harus CONFIRMED, SUSPECT atau CLOSE_CONTACT', en: 'Status must be CONFIRMED, SUSPECT or CLOSE_CONTACT' },
  date: { id: 'valid_until harus tanggal YYYY-MM-DD yang ada', en: 'valid_until must be an existing date YYYY-MM-DD' },
  dup: (first: number) => ({ id: `NIK yang sama sudah ada di baris ${first}`, en: `The same NIK is already on line ${first}` }),
  empty: { id: 'Berkas tidak berisi data', en: 'The file has no data lines' },
} as const;

function validDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function splitCsvLine(line: string): string[] {
  // Plain fields, optionally in double quotes (spreadsheets quote everything on export).
  return line.split(',').map((f) => f.trim().replace(/^"(.*)"$/, '$1').trim());
}

export function parseRiskCsv(text: string, hashKey: string, opts: { maxErrors?: number; onProgress?: (done: number, total: number) => void } = {}): RiskCsvResult {
  const lines = text.replace(/^\ufeff/, '').split(/\r?\n/);
  // A file ending in a newline (as every editor saves it) has no line after it: "checked 8/8" for 7 lines was that ghost.
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  const errors: CsvLineError[] = [];
  const maxErrors = opts.maxErrors ?? 10_000;
  const push = (line: number, code: string, message: Bilingual) => {
    if (errors.length < maxErrors) errors.push({ line, code, message });
  };
  const header = splitCsvLine(lines[0] ?? '').map((h) => h.toLowerCase());
  if (header.join(',') !== 'nik,status,valid_until') {
    return { ok: false, errors: [{ line: 1, code: 'HEADER', message: M.header }], lines: lines.length };
  }
  const entries: RiskEntry[] = [];
  const firstLineOf = new Map<string, number>();
  let dataLines = 0;
  for (let i = 1; i < lines.length; i++) {
    if (opts.onProgress && i % 100_000 === 0) opts.onProgress(i, lines.length);
    const raw = lines[i]!;
    if (raw.trim() === '') continue;
    dataLines++;
    const lineNo = i + 1;
    const f = splitCsvLine(raw);
    if (f.length !== 3) {
      push(lineNo, 'FIELDS', M.fields);
      continue;
    }
    const [nikText, statusText, until] = f as [string, string, string];
    const nik = parseNik(nikText);
    let bad = false;
    if (!nik.ok) {
      push(lineNo, nik.error.code, nik.error.message);
      bad = true;
    }
    const status = statusText.toUpperCase();
    if (!isRiskStatus(status)) {
      push(lineNo, 'STATUS', M.status);
      bad = true;
    }
    if (!validDate(until)) {
      push(lineNo, 'VALID_UNTIL', M.date);
      bad = true;
    }
    if (bad || !nik.ok || !isRiskStatus(status)) continue;
    const first = firstLineOf.get(nik.value.nik);
    if (first !== undefined) {
      push(lineNo, 'DUPLICATE', M.dup(first));
      continue;
    }
    firstLineOf.set(nik.value.nik, lineNo);
    entries.push({ nikHash: nikHash(hashKey, nik.value.nik), status, validUntil: until });
  }
  if (dataLines === 0) return { ok: false, errors: [{ line: 2, code: 'EMPTY', message: M.empty }], lines: lines.length };
  opts.onProgress?.(lines.length, lines.length);
  if (errors.length > 0) return { ok: false, errors, lines: lines.length };
  return { ok: true, entries, lines: lines.length };
}
