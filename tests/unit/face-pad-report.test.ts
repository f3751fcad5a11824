// eval:liveness arithmetic (ISO/IEC 30107-3 figures) and the manifest reader; the clips themselves are judged by
// the engine in tests/integration/face-liveness.test.ts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { countWithCi, policyFigures, readManifest, type ClipDecision } from '../../models/eval/pad-report';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'jejak-pad-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function d(label: ClipDecision['label'], attack_type: string, live: boolean, source: ClipDecision['source'] = 'video'): ClipDecision {
  return { file: `${label}-${attack_type}-${String(live)}.webm`, label, attack_type, source, policy: 'none', live, passive_score: null, reason: live ? null : 'PASSIVE_SPOOF' };
}

describe('presentation-attack figures', () => {
  it('gives APCER per attack type with counts, the worst type as APCER, and BPCER split by item source', () => {
    const f = policyFigures([
      d('attack', 'print', false),
      d('attack', 'print', true),
      d('attack', 'replay-screen', false),
      d('attack', 'replay-screen', false),
      d('attack', 'replay-screen', false),
      d('attack', 'unknown', false),
      d('bona_fide', 'none', true),
      d('bona_fide', 'none', false),
      d('bona_fide', 'none', false, 'still'),
      d('bona_fide', 'none', true, 'still'),
    ]);
    expect(f.apcer_by_type).toEqual({ print: 0.5, 'replay-screen': 0, mask: null, unknown: 0 });
    expect(f.apcer_counts.print).toMatchObject({ accepted: 1, attacks: 2 });
    // Wilson 95 % intervals beside every count (models/eval/intervals.ts): 1 of 2 → 9.5–90.5 %, 0 of 3 → 0–56.1 %
    expect(f.apcer_counts.print!.ci95[0]).toBeCloseTo(0.0945, 3);
    expect(f.apcer_counts.print!.ci95[1]).toBeCloseTo(0.9055, 3);
    expect(f.apcer_counts['replay-screen']!.ci95).toEqual([0, 0.5615]);
    expect(f.bpcer_ci95[0]).toBeGreaterThan(0.1);
    expect(f.bpcer_ci95[1]).toBeLessThan(0.9);
    expect(countWithCi(0, 3)).toBe('0/3 (0.0 %, CI 0.0–56.1 %)');
    expect(countWithCi(0, 0)).toBe('n/a');
    expect(f.apcer).toBe(0.5); // worst species, not the pooled 1/6
    expect(f.apcer_pooled).toBeCloseTo(1 / 6, 12);
    expect(f.bpcer).toBe(0.5);
    expect([f.bona_fide, f.attacks, f.bona_fide_refused]).toEqual([4, 6, 2]);
    expect(f.by_source.video).toMatchObject({ bpcer: 0.5, bona_fide_refused: 1, bona_fide: 2, attacks: 6, attacks_accepted: 1 });
    expect(f.by_source.still).toMatchObject({ bpcer: 0.5, bona_fide: 2, attacks: 0 });
  });

  it('reports null, not 0 %, for a rate with nothing to count', () => {
    const f = policyFigures([d('bona_fide', 'none', true)]);
    expect(f.apcer).toBeNull();
    expect(f.apcer_by_type.print).toBeNull();
    expect(f.bpcer).toBe(0);
  });
});

describe('liveness manifest', () => {
  const header = 'file\tlabel\tattack_type\tsource_repo\tnotes\n';

  it('reads file, label, attack type and the still/video source; paths relative to the manifest or to --root', () => {
    const file = path.join(tmp, 'm.tsv');
    writeFileSync(
      file,
      header + 'a.webm\tattack\tprint\tx/y\tcamera_capture=yes; source=still->4s zoom-pan clip\n' + 'sub/b.mp4\tbona_fide\tnone\tx/y\tcamera_capture=yes; source=video\n',
    );
    const items = readManifest(file);
    expect(items.map((i) => [i.file, i.label, i.attackType, i.source])).toEqual([
      ['a.webm', 'attack', 'print', 'still'],
      ['sub/b.mp4', 'bona_fide', 'none', 'video'],
    ]);
    expect(items[1]!.abs).toBe(path.join(tmp, 'sub', 'b.mp4'));
    expect(readManifest(file, '/clips')[0]!.abs).toBe(path.resolve('/clips/a.webm'));
  });

  it('refuses a label that is neither bona_fide nor attack, naming the line', () => {
    const file = path.join(tmp, 'bad.tsv');
    writeFileSync(file, header + 'a.webm\tfake\tprint\tx\t\n');
    expect(() => readManifest(file)).toThrow(/bad\.tsv:2: label must be bona_fide or attack/);
  });

  it('refuses a manifest without the required columns', () => {
    const file = path.join(tmp, 'nohdr.tsv');
    writeFileSync(file, 'a.webm\tattack\tprint\n');
    expect(() => readManifest(file)).toThrow(/header line must name the columns file, label and attack_type/);
  });
});
