// The shared vocabulary lives once, in sync/protocol: Outcome, RiskStatus, Bilingual, Clock, AlertKey,
// Challenge and GateMode (gate-vocabulary.ts), and the venue policy's shape (venue-policy.ts).
// Everywhere else (kiosk, store, agent, server, the renderer's contract) these names are imported, or at
// most aliased; the lists and shapes they stand for are not written out again, where a new outcome or
// status added in one copy and not the other would compile. And the records the sync agent's port
// carries (a visit upload, an outbox item, the risk list meta…) are declared once, in the port, which the
// kiosk store implements.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Bilingual as ModelsBilingual } from '../../models/engine/types';
import type { Bilingual } from '../../sync/protocol/bilingual';
import type { SyncStorePort } from '../../sync/agent/ports';
import type { KioskStore } from '../../electron/store/types';
import type { KioskPolicy } from '../../electron/kiosk/deps';
import { DEFAULT_POLICY } from '../../electron/kiosk/policy';
import { DEFAULT_VENUE_POLICY, VenuePolicy } from '../../sync/protocol/venue-policy';
import type { Challenge as ModelsChallenge } from '../../models/engine/types';
import type { Challenge } from '../../sync/protocol/gate-vocabulary';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SCANNED = ['electron', 'sync', 'renderer/src', 'models'];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name === 'node_modules' || e.name === 'dist' || e.name === 'weights') continue;
      out.push(...sourceFiles(rel));
    } else if (/\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts')) {
      out.push(rel);
    }
  }
  return out;
}

const files = SCANNED.flatMap(sourceFiles).map((rel) => ({ rel, text: readFileSync(path.join(ROOT, rel), 'utf8') }));
const outsideProtocol = files.filter((f) => !f.rel.startsWith('sync/protocol/'));

function hits(re: RegExp, among = outsideProtocol): string[] {
  return among.flatMap((f) => f.text.split('\n').flatMap((line, i) => (re.test(line) ? [`${f.rel}:${i + 1}: ${line.trim()}`] : [])));
}

describe('the shared vocabulary is defined once (sync/protocol)', () => {
  it('the outcome list and the risk statuses are not written out again', () => {
    expect(hits(/'ADMIT'\s*\|\s*'DENY'\s*\|\s*'REFER'|\[\s*'ADMIT',\s*'DENY',\s*'REFER'\s*\]/)).toEqual([]);
    expect(hits(/'CONFIRMED'\s*\|\s*'SUSPECT'\s*\|\s*'CLOSE_CONTACT'|\[\s*(undefined,\s*)?'CONFIRMED',\s*'SUSPECT',\s*'CLOSE_CONTACT'\s*\]/)).toEqual([]);
  });

  it('the visit identities and the priority alert statuses are not written out again', () => {
    expect(hits(/'QR'\s*\|\s*'NIK'\s*\|\s*'NONE'|\[\s*'QR',\s*'NIK',\s*'NONE'\s*\]/)).toEqual([]);
    expect(hits(/'CONFIRMED'\s*\|\s*'SUSPECT'\s*[;,)]|\[\s*'CONFIRMED',\s*'SUSPECT'\s*\]/)).toEqual([]);
  });

  it('a bilingual message has one shape (type and schema)', () => {
    expect(hits(/\{\s*id:\s*string;\s*en:\s*string;?\s*\}|z\.object\(\{\s*id:\s*z\.string\(\),\s*en:\s*z\.string\(\)\s*\}\)/)).toEqual([]);
    // models/ imports nothing of ours, so the engine states the shape itself: it must stay the same one
    expectTypeOf<ModelsBilingual>().toEqualTypeOf<Bilingual>();
  });

  it('the names are declared only in sync/protocol; elsewhere at most an alias of the protocol\'s', () => {
    const decl = /^\s*(?:export\s+)?(?:type|interface)\s+(Outcome|RiskStatus|RiskStatusCode|AgentRiskStatus|Bilingual|Clock|AgentClock|AlertKey|Challenge|GateMode)\b(?!\s*=\s*\w+;)/;
    const allowed = new Set([
      // models/ imports nothing of ours (checked equal to the protocol's above)
      'models/engine/types.ts',
    ]);
    expect(hits(decl).filter((h) => !allowed.has(h.slice(0, h.indexOf(':'))))).toEqual([]);
  });

  it('the liveness challenges and the gate modes are not written out again (type or zod enum)', () => {
    expect(hits(/'none'\s*\|\s*'blink'\s*\|\s*'turn'|z\.enum\(\[\s*'none',\s*'blink',\s*'turn'\s*\]/)).toEqual([]);
    expect(hits(/'entry'\s*\|\s*'exit'|z\.enum\(\[\s*'entry',\s*'exit'\s*\]/)).toEqual([]);
    // models/ may import that one pure module of sync/protocol (eslint.config.js): the same type, not a copy
    expectTypeOf<ModelsChallenge>().toEqualTypeOf<Challenge>();
  });

  it('the venue policy\'s shape is declared once (VenuePolicy); the kiosk\'s policy and defaults are the protocol\'s', () => {
    // A file that declares (as a type, a zod schema or a default value) three or more of the policy's
    // fields is writing the policy out again, where a field added to VenuePolicy would be missed.
    const fields = VenuePolicy.keyof().options as string[];
    const field = new RegExp(`^\\s*(${fields.join('|')})\\??\\s*:\\s*(?:z\\.|number\\b|boolean\\b|string\\b|'|"|-?\\d|true\\b|false\\b|null\\b)`);
    const copies = outsideProtocol.map((f) => ({ rel: f.rel, n: f.text.split('\n').filter((l) => field.test(l)).length })).filter((f) => f.n >= 3);
    expect(copies).toEqual([]);
    expectTypeOf<KioskPolicy>().toEqualTypeOf<VenuePolicy>();
    expect(DEFAULT_POLICY).toBe(DEFAULT_VENUE_POLICY);
  });

  it('the policy\'s actions and numeric bounds are written once (venue-policy-bounds.ts), even inside sync/protocol', () => {
    const others = files.filter((f) => f.rel !== 'sync/protocol/venue-policy-bounds.ts');
    expect(hits(/'REFER'\s*\|\s*'ADMIT_WITH_FLAG'|\[\s*'REFER',\s*'ADMIT_WITH_FLAG'\s*\]/, others)).toEqual([]);
    expect(hits(/'DENY'\s*\|\s*'REFER'|\[\s*'DENY',\s*'REFER'\s*\]/, others)).toEqual([]);
    const fields = VenuePolicy.keyof().options as string[];
    // a [min, max] pair next to a field name (the console's inputs), or a literal bound in the schema
    expect(hits(new RegExp(`\\b(${fields.join('|')})\\s*:\\s*\\[\\s*\\d+\\s*,\\s*\\d+\\s*\\]`), others)).toEqual([]);
    expect(hits(new RegExp(`^\\s*(${fields.join('|')})\\s*:\\s*z\\.number\\(\\)(\\.int\\([^)]*\\))?\\.min\\(\\d`), files.filter((f) => f.rel === 'sync/protocol/venue-policy.ts'))).toEqual([]);
  });

  it('the records of the sync agent\'s port are declared once, in the port, and the store implements it', () => {
    const records = ['DeviceConfig', 'RiskEntry', 'RiskListMeta', 'RiskListMetaInput', 'RegistrationInput', 'VisitUpload', 'VisitOverride', 'OutboxItem', 'CheckoutOutboxItem', 'AlertUpload', 'AlertOutboxItem', 'RaiseAlertInput'];
    const kiosk = files.filter((f) => f.rel.startsWith('electron/') || f.rel.startsWith('sync/agent/'));
    const re = new RegExp(`^\\s*(?:export\\s+)?(?:interface|type)\\s+(?:Agent)?(${records.join('|')})\\b\\s*(?:=|\\{|<|extends)`);
    const where = new Map<string, string[]>();
    for (const h of hits(re, kiosk)) {
      const name = re.exec(h.slice(h.indexOf(': ') + 2))![1]!;
      where.set(name, [...(where.get(name) ?? []), h.slice(0, h.indexOf(':'))]);
    }
    expect(Object.fromEntries(where)).toEqual(Object.fromEntries(records.map((r) => [r, ['sync/agent/ports.ts']])));
    expect(hits(/class SqliteKioskStore implements .*\bSyncStorePort\b/, kiosk)).toHaveLength(1);
    expectTypeOf<KioskStore>().toExtend<SyncStorePort>();
  });
});
