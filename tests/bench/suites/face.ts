// Bench suite `face`: the engine as the kiosk runs it (worker thread, real weights).
//  frame_ms_*: one 640×480 RGBA camera frame through analyzeFrame (detect + landmarks + template, plus the eye-state
//              and passive scores the live session uses), timed from the main thread (includes the worker hop);
//  enrol_ms_median: enrolFromImage on LFW JPEG selfies; verify_ms_median: verifySequence of 5 camera frames with
//  passive liveness against 2 templates; rss_mb_after_1000: process RSS after 1,000 one-frame verifications.
import path from 'node:path';
import { readFileSync, readdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createFaceEngine } from '../../../models';
import { readClip } from '../../../models/engine/video';
import { fixturesDir } from '../../helpers/fixtures';
import { median, percentile, type BenchSuite } from '../suite';

export default {
  async run(log) {
    const fx = fixturesDir();
    if (!fx) throw new Error('face bench needs the fixtures (../shared/fixtures or $JEJAK_FIXTURES)');
    const t0 = performance.now();
    const engine = await createFaceEngine();
    const st = engine.status();
    if (!st.ready) throw new Error(`engine not ready: ${st.error?.code} ${st.error?.file ?? ''}`);
    log(`engine ready in ${(performance.now() - t0).toFixed(0)} ms (worker start, hash check, load, warm-up); backend ${st.backend}`);
    const canvas = { width: 640, height: 480 };
    const clips = [
      ...(await readClip(path.join(fx, 'video', 'tran_selfie_head_turns.mp4'), { fps: 4, durationS: 10, canvas })),
      ...(await readClip(path.join(fx, 'video', 'liveportrait_d13_talking_blinks.mp4'), { fps: 4, durationS: 10, canvas })),
    ].map((c) => c.frame);
    log(`${clips.length} camera frames (640x480) from two live clips`);

    const frameMs: number[] = [];
    for (let round = 0; round < 2; round++) {
      for (const f of clips) {
        const s = performance.now();
        await engine.analyzeFrame(f);
        frameMs.push(performance.now() - s);
      }
    }

    const faces = path.join(fx, 'faces');
    const selfies = readdirSync(faces)
      .filter((d) => !d.includes('.'))
      .slice(0, 30)
      .map((d) => path.join(faces, d, readdirSync(path.join(faces, d)).sort()[0]!));
    const enrolMs: number[] = [];
    for (const file of selfies) {
      const bytes = new Uint8Array(readFileSync(file));
      const s = performance.now();
      await engine.enrolFromImage(bytes);
      enrolMs.push(performance.now() - s);
    }

    const enrol = await engine.enrolFromFrames([clips[1]!, clips[2]!]);
    if (!enrol.ok) throw new Error(`enrol from clip frames failed: ${enrol.quality.code}`);
    const templates = [enrol.template, enrol.template];
    const policy = { challenge: 'none' as const, requirePassive: true };
    const verifyMs: number[] = [];
    for (let i = 0; i + 5 <= 40; i += 5) {
      const s = performance.now();
      await engine.verifySequence(clips.slice(i, i + 5), templates, policy);
      verifyMs.push(performance.now() - s);
    }

    log('1,000 one-frame verifications for memory ...');
    const m0 = await engine.memory();
    for (let i = 0; i < 1000; i++) await engine.verifySequence([clips[i % clips.length]!], templates, policy);
    const m1 = await engine.memory();
    log(`rss ${m0.rssMb.toFixed(0)} -> ${m1.rssMb.toFixed(0)} MB; tfjs tensors ${m0.numTensors} -> ${m1.numTensors}`);
    await engine.close();
    return {
      frame_ms_median: median(frameMs),
      frame_ms_p95: percentile(frameMs, 95),
      enrol_ms_median: median(enrolMs),
      verify_ms_median: median(verifyMs),
      rss_mb_after_1000: m1.rssMb,
      backend: st.backend,
    };
  },
} satisfies BenchSuite;
