import { describe, expect, it } from 'vitest';
import type { FrameFeedback } from '../../electron/contract/kiosk-api';
import { checkProgress } from '../../electron/kiosk/face-sessions';
import { facePrompt } from '../../renderer/src/lib/face-prompt';

const BLINK = { id: 'Kedipkan mata Anda.', en: 'Blink your eyes.' };
const NO_FACE = { code: 'NO_FACE', message: { id: 'Wajah tidak terlihat. Hadapkan wajah ke kamera.', en: 'No face seen. Face the camera.' } };
const TOO_FAR = { code: 'TOO_FAR', message: { id: 'Mendekatlah.', en: 'Come closer.' } };
const HOLD = { code: 'HOLD_STILL', message: { id: 'Bagus. Tetap di posisi ini.', en: 'Good. Stay like this.' } };
const fb = (guidance: FrameFeedback['guidance'], challengePrompt: FrameFeedback['challengePrompt'] = null): FrameFeedback => ({ guidance, challengePrompt, progress: 0, result: null });

describe('face check: one prompt at a time, the most urgent first', () => {
  it.each([
    ['before the first answer: look at the camera (not "blink" at a face not yet found)', null, 'hold', 'LOOK_AT_CAMERA', null],
    ['no face seen while the blink is pending: the face problem, not "blink"', fb(NO_FACE, BLINK), 'issue', 'NO_FACE', NO_FACE.message],
    ['too far while the blink is pending: come closer first', fb(TOO_FAR, BLINK), 'issue', 'TOO_FAR', TOO_FAR.message],
    ['a good face, blink pending: blink', fb(HOLD, BLINK), 'challenge', 'CHALLENGE', BLINK],
    ['a good face, the guidance repeats the challenge: said once', fb({ code: 'HOLD_STILL', message: BLINK }, BLINK), 'challenge', 'CHALLENGE', BLINK],
    ['a good face, blink seen: hold still', fb(HOLD), 'hold', 'HOLD_STILL', HOLD.message],
    ['no challenge and no face: the face problem', fb(NO_FACE), 'issue', 'NO_FACE', NO_FACE.message],
  ] as const)('%s', (_what, feedback, kind, code, message) => {
    expect(facePrompt(feedback)).toEqual({ kind, code, message });
  });
});

describe('face check progress: toward the decision, not elapsed time', () => {
  it('with a blink challenge, the good frames alone fill half the bar at most', () => {
    const blink = (seen: boolean) => ({ kind: 'blink', seen });
    expect(checkProgress(0, 3, blink(false))).toBe(0);
    expect(checkProgress(3, 3, blink(false))).toBe(0.5);
    expect(checkProgress(30, 3, blink(false))).toBe(0.5);
    expect(checkProgress(0, 3, blink(true))).toBe(0.5);
    expect(checkProgress(3, 3, blink(true))).toBe(0.95); // full only with the result
  });
  it('without a challenge, the good frames are the progress', () => {
    const none = { kind: 'none', seen: true };
    expect(checkProgress(0, 3, none)).toBe(0);
    expect(checkProgress(2, 4, none)).toBe(0.5);
    expect(checkProgress(9, 3, none)).toBe(0.95);
  });
});
