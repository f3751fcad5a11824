// One camera stream for the whole app (idle preview, face check, staff selfie, setup test), so
// moving between screens never re-opens the device. The measured frame rate goes to diagnostics.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';

interface CameraValue {
  stream: MediaStream | null;
  error: string | null;
  deviceId: string | null;
  /** switch to another camera (null = the default one) */
  useDevice: (id: string | null) => void;
  /** frames per second measured on the preview, null until known */
  fps: number | null;
  reportFrame: (now: number) => void;
}

const CameraContext = createContext<CameraValue | null>(null);

export const CAMERA_STORAGE_KEY = 'jejak.cameraId';

function storedDeviceId(): string | null {
  try {
    return window.localStorage.getItem(CAMERA_STORAGE_KEY);
  } catch {
    return null;
  }
}

export function CameraProvider({ children }: { children: ReactNode }) {
  const [deviceId, setDeviceId] = useState<string | null>(storedDeviceId);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fps, setFps] = useState<number | null>(null);
  const frameTimes = useRef<number[]>([]);

  useEffect(() => {
    let cancelled = false;
    let opened: MediaStream | null = null;
    if (!navigator.mediaDevices?.getUserMedia) {
      setError('getUserMedia unavailable');
      return;
    }
    const video: MediaTrackConstraints = { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } };
    if (deviceId) video.deviceId = { exact: deviceId };
    navigator.mediaDevices
      .getUserMedia({ video, audio: false })
      .catch((err: unknown) => {
        // a stored camera that was unplugged: fall back to any camera rather than none
        if (deviceId) return navigator.mediaDevices.getUserMedia({ video: true, audio: false });
        throw err;
      })
      .then((s) => {
        opened = s;
        if (cancelled) s.getTracks().forEach((t) => t.stop());
        else {
          setStream(s);
          setError(null);
        }
      })
      .catch((err: unknown) => {
        if (!cancelled) setError(err instanceof Error ? `${err.name}: ${err.message}` : String(err));
      });
    return () => {
      cancelled = true;
      opened?.getTracks().forEach((t) => t.stop());
      setStream(null);
    };
  }, [deviceId]);

  const useDevice = useCallback((id: string | null) => {
    try {
      if (id) window.localStorage.setItem(CAMERA_STORAGE_KEY, id);
      else window.localStorage.removeItem(CAMERA_STORAGE_KEY);
    } catch {
      /* storage may be disabled; the choice still applies until restart */
    }
    setDeviceId(id);
  }, []);

  const reportFrame = useCallback((now: number) => {
    const times = frameTimes.current;
    times.push(now);
    while (times.length > 0 && now - times[0]! > 3000) times.shift();
    if (times.length >= 10) {
      const span = (times[times.length - 1]! - times[0]!) / 1000;
      if (span > 0) setFps(Math.round(((times.length - 1) / span) * 10) / 10);
    }
  }, []);

  const value = useMemo(() => ({ stream, error, deviceId, useDevice, fps, reportFrame }), [stream, error, deviceId, useDevice, fps, reportFrame]);
  return <CameraContext.Provider value={value}>{children}</CameraContext.Provider>;
}

export function useCamera(): CameraValue {
  const v = useContext(CameraContext);
  if (!v) throw new Error('useCamera outside CameraProvider');
  return v;
}
