// The face check shows one prompt at a time, the most urgent first: a problem with the face (none seen,
// too far, two people…) before the liveness challenge (blinking does not help while no face is seen),
// and the challenge before "hold still". Before the trusted side's first answer: "look at the camera".
import type { Bilingual, FrameFeedback } from '../../../electron/contract/kiosk-api';

export type FacePromptKind = 'issue' | 'challenge' | 'hold';

export interface FacePrompt {
  kind: FacePromptKind;
  code: string;
  /** the trusted side's words; null = the screen's own "look at the camera" */
  message: Bilingual | null;
}

/** Guidance codes that mean "the face is fine": not a problem to fix. */
const FINE = new Set(['HOLD_STILL', 'LOOK_AT_CAMERA']);

export function facePrompt(feedback: FrameFeedback | null): FacePrompt {
  if (!feedback) return { kind: 'hold', code: 'LOOK_AT_CAMERA', message: null };
  const g = feedback.guidance;
  if (g && !FINE.has(g.code)) return { kind: 'issue', code: g.code, message: g.message };
  if (feedback.challengePrompt) return { kind: 'challenge', code: 'CHALLENGE', message: feedback.challengePrompt };
  return { kind: 'hold', code: g?.code ?? 'LOOK_AT_CAMERA', message: g?.message ?? null };
}
