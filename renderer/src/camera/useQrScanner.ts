// Reads QR codes from the preview a few times per second (one decode at a time) while enabled.
import { useEffect, useRef, type RefObject } from 'react';
import { grabImageData, videoReady } from '../lib/frames';
import { prepareQrReader, readQr } from '../lib/qr-reader';

export function useQrScanner(videoRef: RefObject<HTMLVideoElement | null>, enabled: boolean, onText: (text: string) => void, intervalMs = 120): void {
  const onTextRef = useRef(onText);
  onTextRef.current = onText;

  useEffect(() => {
    if (!enabled) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const canvas = document.createElement('canvas');
    void prepareQrReader().catch(() => undefined);
    const tick = async () => {
      if (stopped) return;
      const video = videoRef.current;
      if (videoReady(video)) {
        try {
          const image = grabImageData(video, canvas);
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
