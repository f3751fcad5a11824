// Reads QR codes from the preview a few times per second (one decode at a time) while enabled. The pixels
// come from the camera frame itself (VideoFrame, buffers reused), not a canvas: see lib/frames.ts.
import { useEffect, useRef, type RefObject } from 'react';
import { QR_SCAN_INTERVAL_MS } from '../../../electron/contract/camera-pacing';
import { createQrFrameReader, grabImageData, videoReady } from '../lib/frames';
import { prepareQrReader, readQr } from '../lib/qr-reader';

export function useQrScanner(videoRef: RefObject<HTMLVideoElement | null>, enabled: boolean, onText: (text: string) => void, intervalMs = QR_SCAN_INTERVAL_MS): void {
  const onTextRef = useRef(onText);
  onTextRef.current = onText;

  useEffect(() => {
    if (!enabled) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const canvas = document.createElement('canvas');
    const frames = createQrFrameReader();
    void prepareQrReader().catch(() => undefined);
    const tick = async () => {
      if (stopped) return;
      const video = videoRef.current;
      if (videoReady(video)) {
        try {
          const image = (await frames.read(video)) ?? grabImageData(video, canvas);
          const text = image ? await readQr(image) : null;
          if (text && !stopped) onTextRef.current(text);
        } catch {
          /* a frame that fails to decode is just a frame without a code */
        }
      }
      if (!stopped) timer = setTimeout(() => void tick(), intervalMs);
    };
    timer = setTimeout(() => void tick(), 0);
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [enabled, videoRef, intervalMs]);
}
