// Plays the result cues with WebAudio (no audio files to ship). Browsers only allow sound after a
// user gesture on some platforms; a kiosk launched with autoplay allowed plays at once, otherwise the
// first touch unlocks it. Failure to play is never an error for the visitor.
import { resultTones, type ResultKind } from './result-theme';

let context: AudioContext | null = null;

function audio(): AudioContext | null {
  if (typeof AudioContext === 'undefined') return null;
  context ??= new AudioContext();
  return context;
}

/** Call from any touch/click handler so later cues can play. */
export function unlockSound(): void {
  const ctx = audio();
  if (ctx && ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
}

export function playResultTone(kind: ResultKind): void {
  const ctx = audio();
  if (!ctx) return;
  if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
  let t = ctx.currentTime + 0.02;
  for (const step of resultTones[kind]) {
    const seconds = step.durationMs / 1000;
    if (step.frequency > 0) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = step.wave;
      osc.frequency.setValueAtTime(step.frequency, t);
      // short attack and release so the tones do not click
      gain.gain.setValueAtTime(0.0001, t);
      gain.gain.exponentialRampToValueAtTime(0.3, t + 0.015);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + seconds);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t);
      osc.stop(t + seconds + 0.02);
    }
    t += seconds;
  }
}
