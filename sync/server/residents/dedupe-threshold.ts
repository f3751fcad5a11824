/**
 * Cosine distance under which two templates count as the same face for the duplicate check (1:N, one
 * face one NIK). Stricter than the gate's 1:1 threshold (0.65): a search over N people multiplies the
 * chance of a false match by N. Calibrated with `npm run eval:dedupe` for FPIR ≤ 0.1 % (README "For
 * residents", BENCHMARKS.md): 641 LFW identities + synthetic distractors, 1,228 probes; at 1,000,000 the
 * largest threshold with FPIR ≤ 0.1 % (1 of 1,228) was 0.436 (0.468 at 100,000), so 0.43. The price:
 * FNIR at 0.43 is ~15 % by exact 1:1 comparison on LFW (photos years apart; 6.4 % at 0.5) and higher
 * through the HNSW graph at 1M (32 %: its recall, see face-index-hnsw.ts). Was 0.5 uncalibrated, which
 * at 1M gave FPIR 9.9 %. Caveat: the synthetic distractors are lighter-tailed than real faces (distance
 * quantile 1e-5: 0.58 against 0.53), so real FPIR at this threshold is likely above the measured one.
 */
export const DEDUPE_THRESHOLD = 0.43;
