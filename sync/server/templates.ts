// Face templates for registration come from the models/ engine, behind this small interface so the
// server starts (and is tested) without loading weights until a person is registered.
import type { Bilingual } from '../protocol/bilingual';
import type { FaceTemplate } from '../protocol/api/common';
import type { FaceEngine, FrameAnalysis } from '../../models/engine/types';

export type TemplateResult = { ok: true; template: FaceTemplate } | { ok: false; quality: { code: string; message: Bilingual } };

/** A live check of camera frames against a person's templates: the kiosk's face match and liveness. */
export interface LiveCheck {
  match: boolean;
  /** match and liveness passed */
  accepted: boolean;
  distance: number;
  livenessPassed: boolean;
  /** why liveness failed, or the quality problem when no frame was good */
  problem: { code: string; message: Bilingual } | null;
}

export interface TemplateExtractor {
  enrolFromImage(bytes: Uint8Array): Promise<TemplateResult>;
  /**
   * Frames (JPEG/PNG) taken `intervalMs` apart, checked with the kiosk's policy (blink challenge and
   * the passive presentation-attack score): a photo held to the camera fails.
   */
  verifyLive?(frames: Uint8Array[], intervalMs: number, templates: FaceTemplate[]): Promise<LiveCheck>;
  close(): Promise<void>;
}

/** The real engine (models/index.ts), loaded on first use, in-process (no worker) on the server. */
export function faceEngineExtractor(): TemplateExtractor {
  let engine: Promise<FaceEngine> | null = null;
  const get = () => {
    engine ??= import('../../models/index').then((m) => m.createFaceEngine({ inWorker: false }));
    return engine;
  };
  return {
    async enrolFromImage(bytes) {
      const e = await get();
      let r: Awaited<ReturnType<FaceEngine['enrolFromImage']>>;
      try {
        r = await e.enrolFromImage(bytes);
      } catch (err) {
        // An unreadable file is the person's (or operator's) problem to fix, not a server fault.
        const fe = err as { code?: string; bilingual?: Bilingual };
        if (fe.code === 'BAD_INPUT' && fe.bilingual) return { ok: false, quality: { code: 'BAD_IMAGE', message: fe.bilingual } };
        throw err;
      }
      return r.ok ? { ok: true, template: { model: r.template.model, vector: r.template.vector } } : { ok: false, quality: { code: r.quality.code, message: r.quality.message } };
    },
    async verifyLive(frames, intervalMs, templates) {
      const e = await get();
      const analyses: FrameAnalysis[] = [];
      for (const [i, bytes] of frames.entries()) {
        try {
          analyses.push(await e.analyzeFrame({ kind: 'encoded', bytes }, i * intervalMs));
        } catch {
          // an unreadable frame counts as a frame without a face
        }
      }
      // No templates (an unknown NIK): compare with one nobody is near, so liveness runs all the same.
      const against = templates.length > 0 ? templates : [unmatchableTemplate(e.status().recognitionModel)];
      const r = await e.verifySequence(analyses, against, { challenge: 'blink', requirePassive: true });
      const problem = r.error ? { code: r.error.code, message: r.error.message }
        : !r.liveness.passed ? { code: r.liveness.reason ?? 'LIVENESS', message: r.liveness.message ?? { id: 'Wajah tidak dapat dipastikan hadir langsung.', en: 'Could not confirm a live face.' } }
          : r.quality ? { code: r.quality.code, message: r.quality.message } : null;
      return { match: r.match, accepted: r.accepted, distance: r.distance, livenessPassed: r.liveness.passed, problem };
    },
    async close() {
      if (engine) await (await engine).close();
    },
  };
}

/** A unit vector on one axis: no L2-normalised face embedding is within the match threshold of it. */
function unmatchableTemplate(model: string): FaceTemplate {
  const v = new Float32Array(512);
  v[0] = 1;
  return { model, vector: Buffer.from(v.buffer).toString('base64') };
}
