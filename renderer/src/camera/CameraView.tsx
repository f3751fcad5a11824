// The live preview with an oval face guide. The <video> is handed to the screen (via ref) so it can
// read QR codes or grab frames from exactly what the visitor sees.
import { useEffect, type RefObject } from 'react';
import { useLanguage } from '../i18n/LanguageContext';
import { useCamera } from './CameraContext';

interface CameraViewProps {
  videoRef: RefObject<HTMLVideoElement | null>;
  guide?: 'face' | 'none';
  /** the preview is mirrored like a mirror; frames sent for checks are not */
  mirrored?: boolean;
  className?: string;
}

export function CameraView({ videoRef, guide = 'face', mirrored = true, className }: CameraViewProps) {
  const { stream, error, reportFrame } = useCamera();
  const { t } = useLanguage();

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    if (video.srcObject !== stream) video.srcObject = stream;
    if (stream) void video.play().catch(() => undefined);
  }, [stream, videoRef]);

  useEffect(() => {
    const video = videoRef.current;
    if (!video || !stream || typeof video.requestVideoFrameCallback !== 'function') return;
    let handle = 0;
    let active = true;
    const onFrame = (now: number) => {
      if (!active) return;
      reportFrame(now);
      handle = video.requestVideoFrameCallback(onFrame);
    };
    handle = video.requestVideoFrameCallback(onFrame);
    return () => {
      active = false;
      video.cancelVideoFrameCallback(handle);
    };
  }, [stream, videoRef, reportFrame]);

  return (
    <div className={`camera${className ? ` ${className}` : ''}`}>
      <video ref={videoRef} className={mirrored ? 'mirrored' : undefined} muted playsInline autoPlay aria-label={t('cameraPreview')} />
      {guide === 'face' ? (
        <svg className="face-guide" viewBox="0 0 100 100" preserveAspectRatio="xMidYMid meet" aria-hidden="true" focusable="false">
          <ellipse cx="50" cy="48" rx="22" ry="30" />
        </svg>
      ) : null}
      {error || !stream ? (
        <div className="camera-missing" role="status">
          {error ? t('cameraUnavailable') : '…'}
        </div>
      ) : null}
    </div>
  );
}
