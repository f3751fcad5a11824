// Streams preview frames to the face check: 640×480 JPEG at a steady rate, never more than one in
// flight, until the trusted side answers with a result (match, mismatch, liveness failure, timeout).
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { ApiError, FrameFeedback, GateResult, KioskApi } from '../../../electron/contract/kiosk-api';
import { FACE_FRAMES_PER_SECOND } from '../../../electron/contract/camera-pacing';
import { answered, initialPacer, intervalFor, mayGrab, sent, type PacerState } from '../lib/frame-pacer';
import { createFaceFrameGrabber, videoReady } from '../lib/frames';


export interface FaceFramesState {
  feedback: FrameFeedback | null;
  error: ApiError | null;
  framesSent: number;
}

export function useFaceFrames(
  api: KioskApi,
  videoRef: RefObject<HTMLVideoElement | null>,
  sessionId: string | null,
  onResult: (r: GateResult) => void,
): FaceFramesState {
  const [state, setState] = useState<FaceFramesState>({ feedback: null, error: null, framesSent: 0 });
  const onResultRef = useRef(onResult);
  onResultRef.current = onResult;

  useEffect(() => {
    if (!sessionId) return;
    let stopped = false;
    let pacer: PacerState = initialPacer;
    const grabber = createFaceFrameGrabber();
    const interval = intervalFor(FACE_FRAMES_PER_SECOND);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let sentCount = 0;

    const tick = () => {
      if (stopped) return;
      const now = performance.now();
      const video = videoRef.current;
      if (mayGrab(pacer, now, interval) && videoReady(video)) {
        pacer = sent(pacer, now); // in flight from the grab on (the copy is asynchronous)
        void grabber
          .grab(video)
          .catch(() => null)
          .then(async (jpeg) => {
            if (!jpeg || stopped) {
              pacer = answered(pacer);
              return;
            }
            sentCount++;
            const res = await api.submitFrame({ sessionId, jpegBase64: jpeg });
            pacer = answered(pacer);
            if (stopped) return;
            if (res.ok) {
              setState({ feedback: res.value, error: null, framesSent: sentCount });
              if (res.value.result) {
                stopped = true;
                onResultRef.current(res.value.result);
              }
            } else {
              setState((s) => ({ ...s, error: res.error, framesSent: sentCount }));
            }
          });
      }
      timer = setTimeout(tick, 30);
    };
    tick();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [api, videoRef, sessionId]);

  return state;
}
