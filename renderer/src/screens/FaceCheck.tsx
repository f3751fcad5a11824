// Face check: the visitor looks at the camera while frames stream to the trusted side, which answers
// with guidance ("move closer", "one person at a time"), the liveness prompt and progress; the screen
// shows one of them at a time (lib/face-prompt.ts). If the
// deadline passes and no answer comes (camera gone, host silent) the screen refers to staff itself.
import { useEffect, useRef, useState } from 'react';
import type { Challenge, GateResult, KioskApi, KioskState } from '../../../electron/contract/kiosk-api';
import { CameraView } from '../camera/CameraView';
import { useFaceFrames } from '../camera/useFaceFrames';
import { Button } from '../components/Button';
import { ErrorNotice } from '../components/Notice';
import { ProgressBar } from '../components/ProgressBar';
import { TopBar } from '../components/TopBar';
import { useLanguage } from '../i18n/LanguageContext';
import { bilingual } from '../i18n/strings';
import { facePrompt } from '../lib/face-prompt';
import { secondsUntil } from '../lib/format';

export interface FaceSession {
  sessionId: string;
  greetingName: string | null;
  challenge: Challenge;
  deadline: string;
}

interface FaceCheckProps {
  api: KioskApi;
  state: KioskState;
  session: FaceSession;
  onResult: (r: GateResult) => void;
  onCancel: () => void;
  now?: () => number;
}

/** grace after the deadline for the trusted side's own timeout answer before the screen gives up */
const LOCAL_TIMEOUT_GRACE_MS = 4000;

export const localReferResult = (): GateResult => ({ outcome: 'REFER', publicMessage: bilingual('seeOfficer'), visitId: null, occupancy: null });

export function FaceCheck({ api, state, session, onResult, onCancel, now = Date.now }: FaceCheckProps) {
  const { t, pick } = useLanguage();
  const videoRef = useRef<HTMLVideoElement>(null);
  const { feedback, error } = useFaceFrames(api, videoRef, session.sessionId, onResult);
  const [left, setLeft] = useState(() => secondsUntil(session.deadline, now()));

  // the session ended on the trusted side without telling us its result: never leave the visitor waiting
  useEffect(() => {
    if (error?.code === 'SESSION_NOT_FOUND') onResult(localReferResult());
  }, [error, onResult]);

  useEffect(() => {
    const timer = setInterval(() => {
      setLeft(secondsUntil(session.deadline, now()));
      if (now() > Date.parse(session.deadline) + LOCAL_TIMEOUT_GRACE_MS) {
        clearInterval(timer);
        void api.cancelSession({ sessionId: session.sessionId });
        onResult(localReferResult());
      }
    }, 500);
    return () => clearInterval(timer);
  }, [api, session, onResult, now]);

  // one prompt at a time, the most urgent first (a face problem, then the challenge, then "hold still")
  const prompt = facePrompt(feedback);
  const promptText = prompt.message ? pick(prompt.message) : t('lookAtCamera');

  return (
    <div className="screen face-check">
      <TopBar state={state} />
      <main className="face-body">
        <section className="face-camera">
          <h1 className="prompt">{session.greetingName ? t('greeting', { name: session.greetingName }) : t('faceTitle')}</h1>
          <CameraView videoRef={videoRef} />
        </section>
        <section className="face-side">
          <p className={`face-prompt ${prompt.kind === 'challenge' ? 'challenge' : 'guidance'}`} role="status" aria-live="assertive" data-kind={prompt.kind} data-code={prompt.code}>
            {promptText}
          </p>
          {/* progress toward the decision as the trusted side reports it (good frames and the challenge), not time */}
          <ProgressBar value={feedback?.progress ?? 0} label={t('faceProgress')} />
          <p className="seconds-left">{t('secondsLeft', { n: left })}</p>
          <ErrorNotice error={error} />
          <Button
            variant="secondary"
            onClick={() => {
              void api.cancelSession({ sessionId: session.sessionId });
              onCancel();
            }}
          >
            {t('cancel')}
          </Button>
        </section>
      </main>
    </div>
  );
}
