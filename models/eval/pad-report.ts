// Presentation-attack detection figures the ISO/IEC 30107-3 way, from per-clip liveness decisions:
//  APCER (attack presentations accepted as live) per attack type (PAI species) with counts, and overall as the
//  worst species (30107-3 reports the highest APCER over the species tested, not a pooled mean that a common easy
//  species would dilute); BPCER (bona fide presentations refused) with counts; for each policy, and for
//  video-derived and still-derived items separately (a clip cut from a still has no blink and no head motion).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { assessLiveness, sessionReady } from '../engine/liveness';
import { wilson } from './intervals';
import type { Challenge, FrameAnalysis, LivenessResult } from '../engine/types';

/** The kiosk's default minGoodFrames. */
export const MIN_GOOD_FRAMES = 3;

export type ItemSource = 'video' | 'still';

export interface ManifestItem {
  file: string;
  /** Absolute path of the clip. */
  abs: string;
  label: 'bona_fide' | 'attack';
  attackType: string;
  source: ItemSource;
}

/**
 * Reads a manifest (tab-separated, header line; columns `file`, `label` bona_fide|attack, `attack_type`, optional
 * `notes` whose `source=still…` marks still-derived clips; other columns ignored). Clip paths are relative to the
 * manifest, or to `root` when given.
 */
export function readManifest(file: string, root?: string): ManifestItem[] {
  const base = root ? path.resolve(root) : path.dirname(path.resolve(file));
  const lines = readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.trim().length > 0 && !l.startsWith('#'));
  const header = lines[0]?.split('\t') ?? [];
  const col = (name: string) => header.indexOf(name);
  const [fi, li, ti, ni] = [col('file'), col('label'), col('attack_type'), col('notes')];
  if (fi < 0 || li < 0 || ti < 0) throw new Error(`${file}: the header line must name the columns file, label and attack_type (tab-separated)`);
  return lines.slice(1).map((line, k) => {
    const cols = line.split('\t');
    const label = cols[li];
    if (label !== 'bona_fide' && label !== 'attack') throw new Error(`${file}:${k + 2}: label must be bona_fide or attack (got "${label ?? ''}")`);
    const f = cols[fi];
    if (!f) throw new Error(`${file}:${k + 2}: empty file column`);
    const notes = ni >= 0 ? (cols[ni] ?? '') : '';
    return {
      file: f,
      abs: path.resolve(base, f),
      label,
      attackType: label === 'bona_fide' ? 'none' : cols[ti] || 'unknown',
      source: /source=still/.test(notes) ? 'still' : 'video',
    };
  });
}

export interface ClipDecision {
  file: string;
  label: ManifestItem['label'];
  attack_type: string;
  source: ItemSource;
  policy: string;
  live: boolean;
  passive_score: number | null;
  reason: string | null;
  /** Frames the decision was made on (the session finished there). */
  frames_used?: number;
}

export interface Rate {
  rate: number | null;
  errors: number;
  of: number;
}

export interface PolicyFigures {
  /** Highest APCER over the attack types present (30107-3); null when there are no attacks. */
  apcer: number | null;
  /** Attacks accepted over all attacks (pooled), for reference. */
  apcer_pooled: number | null;
  apcer_by_type: Record<string, number | null>;
  /** Accepted / attacks per type, with the Wilson 95 % interval of the rate ([0, 1] when there are none). */
  apcer_counts: Record<string, { accepted: number; attacks: number; ci95: [number, number] }>;
  bpcer: number | null;
  /** Wilson 95 % interval of BPCER. The clips are few and not independent (same people, same videos): a lower bound on the real uncertainty. */
  bpcer_ci95: [number, number];
  bona_fide_refused: number;
  bona_fide: number;
  attacks: number;
  /** The same figures for video-derived and still-derived items alone. */
  by_source: Record<ItemSource, { bpcer: number | null; bpcer_ci95: [number, number]; bona_fide_refused: number; bona_fide: number; attacks_accepted: number; attacks: number }>;
}

const ratio = (k: number, n: number): number | null => (n === 0 ? null : k / n);
const ci = (k: number, n: number): [number, number] => {
  const [lo, hi] = wilson(k, n);
  return [Math.round(lo * 1e4) / 1e4, Math.round(hi * 1e4) / 1e4];
};

/** "1/4 (25.0 %, 95 % CI 4.6–69.9 %)" — a count, its rate and its Wilson interval, for the printed report. */
export function countWithCi(k: number, n: number): string {
  if (n === 0) return 'n/a';
  const [lo, hi] = ci(k, n);
  const p = (v: number) => (v * 100).toFixed(1);
  return `${k}/${n} (${p(k / n)} %, CI ${p(lo)}–${p(hi)} %)`;
}

/** Attack types always listed (null when absent), so the JSON shape is stable. */
export const REPORTED_TYPES = ['print', 'replay-screen', 'mask'] as const;

export function policyFigures(decisions: readonly ClipDecision[]): PolicyFigures {
  const attacks = decisions.filter((d) => d.label === 'attack');
  const bona = decisions.filter((d) => d.label === 'bona_fide');
  const types = [...new Set([...REPORTED_TYPES, ...attacks.map((a) => a.attack_type)])];
  const apcer_by_type: Record<string, number | null> = {};
  const apcer_counts: PolicyFigures['apcer_counts'] = {};
  for (const t of types) {
    const of = attacks.filter((a) => a.attack_type === t);
    const accepted = of.filter((a) => a.live).length;
    apcer_by_type[t] = ratio(accepted, of.length);
    apcer_counts[t] = { accepted, attacks: of.length, ci95: ci(accepted, of.length) };
  }
  const present = Object.values(apcer_by_type).filter((v): v is number => v !== null);
  const refused = bona.filter((b) => !b.live).length;
  const bySource = (src: ItemSource) => {
    const b = bona.filter((d) => d.source === src);
    const a = attacks.filter((d) => d.source === src);
    const r = b.filter((d) => !d.live).length;
    return { bpcer: ratio(r, b.length), bpcer_ci95: ci(r, b.length), bona_fide_refused: r, bona_fide: b.length, attacks_accepted: a.filter((d) => d.live).length, attacks: a.length };
  };
  return {
    apcer: present.length === 0 ? null : Math.max(...present),
    apcer_pooled: ratio(attacks.filter((a) => a.live).length, attacks.length),
    apcer_by_type,
    apcer_counts,
    bpcer: ratio(refused, bona.length),
    bpcer_ci95: ci(refused, bona.length),
    bona_fide_refused: refused,
    bona_fide: bona.length,
    attacks: attacks.length,
    by_source: { video: bySource('video'), still: bySource('still') },
  };
}

/** The kiosk's decision for one policy on a clip's frame analyses (see the header). */
export function kioskDecision(frames: readonly FrameAnalysis[], challenge: Challenge, opts: { timeoutMs: number; whole: boolean }): { liveness: LivenessResult | null; framesUsed: number } {
  const policy = { challenge, requirePassive: true };
  const t0 = frames[0]?.atMs ?? 0;
  const within = frames.filter((f) => f.atMs - t0 <= opts.timeoutMs);
  if (!opts.whole) {
    for (let i = 1; i <= within.length; i++) {
      const prefix = within.slice(0, i);
      if (sessionReady(prefix, policy, MIN_GOOD_FRAMES)) return { liveness: assessLiveness(prefix, policy), framesUsed: i };
    }
    // timeout: the kiosk gives the engine's verdict when it had enough good frames, else refuses (timeout)
    if (within.filter((f) => f.ok).length < MIN_GOOD_FRAMES) return { liveness: null, framesUsed: within.length };
  }
  return { liveness: assessLiveness(within, policy), framesUsed: within.length };
}

