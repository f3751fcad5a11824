// Face templates for registration come from the models/ engine, behind this small interface so the
// server starts (and is tested) without loading weights until a person is registered.
import type { Bilingual } from '../protocol/bilingual';
import type { FaceTemplate } from '../protocol/api/common';

export type TemplateResult = { ok: true; template: FaceTemplate } | { ok: false; quality: { code: string; message: Bilingual } };

export interface TemplateExtractor {
  enrolFromImage(bytes: Uint8Array): Promise<TemplateResult>;
  close(): Promise<void>;
}

/** The real engine (models/index.ts), loaded on first use, in-process (no worker) on the server. */
export function faceEngineExtractor(): TemplateExtractor {
  let engine: Promise<{ enrolFromImage(b: Uint8Array): Promise<TemplateResult>; close(): Promise<void> }> | null = null;
  const get = () => {
    engine ??= import('../../models/index').then((m) => m.createFaceEngine({ inWorker: false }));
    return engine;
  };
  return {
    async enrolFromImage(bytes) {
      const e = await get();
      let r;
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
    async close() {
      if (engine) await (await engine).close();
    },
  };
}
