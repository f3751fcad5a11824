// Streams preview frames to the face check: 640×480 JPEG at a steady rate, never more than one in
// flight, until the trusted side answers with a result (match, mismatch, liveness failure, timeout).
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { ApiError, FrameFeedback, GateResult, KioskApi } from '../../../electron/contract/kiosk-api';
import { answered, initialPacer, intervalFor, mayGrab, sent, type PacerState } from '../lib/frame-pacer';
import { grabJpegBase64, videoReady } from '../lib/frames';

/** 8/s: the engine needs a few good frames; more than one in flight is never sent, so a slow engine sets its own pace. */
export const FACE_FRAMES_PER_SECOND = 8;

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
    const canvas = document.createElement('canvas');
    const interval = intervalFor(FACE_FRAMES_PER_SECOND);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let sentCount = 0;

    const tick = () => {
      if (stopped) return;
      const now = performance.now();
      const video = videoRef.current;
      if (mayGrab(pacer, now, interval) && videoReady(video)) {
        const jpeg = grabJpegBase64(video, canvas);
        if (jpeg) {
          pacer = sent(pacer, now);
          sentCount++;
          void api.submitFrame({ sessionId, jpegBase64: jpeg }).then((res) => {
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
