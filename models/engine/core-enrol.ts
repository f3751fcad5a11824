// Enrolment decision from analysed frames: the fused template of the good ones, or the reason none was good.
import { mostCommonIssue } from './core-issues';
import { decodeTemplate, encodeTemplate, fuse } from './template';
import type { EnrolResult, FrameAnalysis } from './types';

export function enrolFrom(analyses: FrameAnalysis[]): EnrolResult {
  const good = analyses.filter((a) => a.ok && a.template);
  if (good.length === 0) {
    return { ok: false, quality: mostCommonIssue(analyses) };
  }
  const v = fuse(good.map((a) => decodeTemplate(a.template!)));
  const best = good[0]!;
  return {
    ok: true,
    template: encodeTemplate(best.template!.model, v),
    quality: {
      faceWidthPx: best.landmarks!.box.width,
      brightness: best.brightness!,
      sharpness: best.sharpness!,
      yaw: best.landmarks!.yaw,
    },
  };
}

