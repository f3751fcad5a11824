// Which quality problem to report when no frame was good: the most frequent one.
import { QUALITY_MESSAGES } from './messages';
import type { FrameAnalysis, QualityIssue } from './types';

export function mostCommonIssue(analyses: FrameAnalysis[]): QualityIssue {
  const counts = new Map<string, { n: number; issue: QualityIssue }>();
  for (const a of analyses) {
    if (!a.issue) continue;
    const c = counts.get(a.issue.code) ?? { n: 0, issue: a.issue };
    c.n++;
    counts.set(a.issue.code, c);
  }
  const top = [...counts.values()].sort((x, y) => y.n - x.n)[0];
  return top?.issue ?? { code: 'NO_FACE', message: QUALITY_MESSAGES.NO_FACE };
}

