// The screen flow: setup (not provisioned) → gate idle → face check → result → idle; the staff PIN
// opens the staff panel and diagnostics. Kiosk state is polled from the trusted side and refreshed
// after every action.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ApiError, GateResult, KioskApi, KioskState, ScanResponse } from '../../electron/contract/kiosk-api';
import { useCamera } from './camera/CameraContext';
import { ErrorNotice } from './components/Notice';
import { useLanguage } from './i18n/LanguageContext';
import { initialDebounce, stillInView, type DebounceState } from './lib/scan-debounce';
import { unlockSound } from './lib/sound';
import { Diagnostics } from './screens/Diagnostics';
import { FaceCheck, type FaceSession } from './screens/FaceCheck';
import { GateIdle } from './screens/GateIdle';
import { ResultScreen } from './screens/ResultScreen';
import { Setup } from './screens/Setup';
import { StaffLogin } from './screens/StaffLogin';
import { StaffPanel } from './screens/StaffPanel';

type Screen =
  | { kind: 'idle' }
  | { kind: 'face'; session: FaceSession }
  | { kind: 'result'; result: GateResult }
  | { kind: 'staffLogin' }
  | { kind: 'staff'; token: string }
  | { kind: 'diagnostics'; token: string };

const POLL_MS = 2000;
const FPS_REPORT_MS = 10_000;
/** the staff panel locks itself after this long without a touch or key */
export const STAFF_IDLE_LOCK_MS = 90_000;

export function App({ api }: { api: KioskApi }) {
  const { t } = useLanguage();
  const camera = useCamera();
  const [state, setState] = useState<KioskState | null>(null);
  const [stateError, setStateError] = useState<ApiError | null>(null);
  const [screen, setScreen] = useState<Screen>({ kind: 'idle' });
  const debounce = useRef<DebounceState>(initialDebounce);

  const refresh = useCallback(async () => {
    const res = await api.getState({});
    if (res.ok) {
      setState(res.value);
      setStateError(null);
    } else setStateError(res.error);
  }, [api]);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  // the camera chosen at setup (kept by the trusted side) wins over whatever this browser remembered
  const chosenCamera = state?.provisioned ? state.cameraId : undefined;
  const useDevice = camera.useDevice;
  useEffect(() => {
    if (chosenCamera !== undefined && chosenCamera !== camera.deviceId) useDevice(chosenCamera);
  }, [chosenCamera, camera.deviceId, useDevice]);

  const fps = useRef(camera.fps);
  fps.current = camera.fps;
  useEffect(() => {
    const timer = setInterval(() => {
      if (fps.current !== null) void api.reportCameraFps({ fps: Math.min(240, fps.current) });
    }, FPS_REPORT_MS);
    return () => clearInterval(timer);
  }, [api]);

  const onResponse = useCallback(
    (r: ScanResponse) => {
      if (r.next === 'result') setScreen({ kind: 'result', result: r.result });
      else setScreen({ kind: 'face', session: { sessionId: r.sessionId, greetingName: r.greetingName, challenge: r.challenge, deadline: r.deadline } });
    },
    [],
  );
  const onResult = useCallback(
    (result: GateResult) => {
      setScreen({ kind: 'result', result });
      void refresh();
    },
    [refresh],
  );
  const toIdle = useCallback(() => {
    // the card that was just judged may still be in front of the camera: it stays ignored until it has left the frame
    debounce.current = stillInView(debounce.current, performance.now());
    setScreen({ kind: 'idle' });
  }, []);
  const toLogin = useCallback(() => setScreen({ kind: 'staffLogin' }), []);

  // A guard who walks away must not leave staff reasons on a public tablet: lock after inactivity.
  const staffToken = screen.kind === 'staff' || screen.kind === 'diagnostics' ? screen.token : null;
  const staffOpen = staffToken !== null || screen.kind === 'staffLogin';
  useEffect(() => {
    if (!staffOpen) return;
    let timer = setTimeout(lock, STAFF_IDLE_LOCK_MS);
    function lock() {
      if (staffToken) void api.staffLock({ token: staffToken });
      setScreen({ kind: 'idle' });
    }
    const poke = () => {
      clearTimeout(timer);
      timer = setTimeout(lock, STAFF_IDLE_LOCK_MS);
    };
    window.addEventListener('pointerdown', poke);
    window.addEventListener('keydown', poke);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('pointerdown', poke);
      window.removeEventListener('keydown', poke);
    };
  }, [api, staffOpen, staffToken]);

  const body = useMemo(() => {
    if (!state) {
      return (
        <main className="screen loading" aria-busy="true">
          <h1>{t('appName')}</h1>
          {stateError ? <ErrorNotice error={stateError} /> : <p>{t('checking')}</p>}
        </main>
      );
    }
    if (!state.provisioned) return <Setup api={api} state={state} onProvisioned={() => void refresh()} />;
    switch (screen.kind) {
      case 'idle':
        return <GateIdle api={api} state={state} onResponse={onResponse} onStaff={toLogin} debounce={debounce} />;
      case 'face':
        return <FaceCheck api={api} state={state} session={screen.session} onResult={onResult} onCancel={toIdle} />;
      case 'result':
        return <ResultScreen result={screen.result} mode={state.venue?.mode ?? 'entry'} seconds={state.policy.resultSeconds} onDone={toIdle} />;
      case 'staffLogin':
        return <StaffLogin api={api} state={state} onUnlocked={(token) => setScreen({ kind: 'staff', token })} onCancel={toIdle} />;
      case 'staff':
        return (
          <StaffPanel
            api={api}
            state={state}
            token={screen.token}
            onLock={toIdle}
            onAuthError={toLogin}
            onDiagnostics={() => setScreen({ kind: 'diagnostics', token: screen.token })}
            onStateChanged={() => void refresh()}
          />
        );
      case 'diagnostics':
        return <Diagnostics api={api} state={state} token={screen.token} onBack={() => setScreen({ kind: 'staff', token: screen.token })} onAuthError={toLogin} />;
    }
  }, [state, stateError, screen, api, refresh, onResponse, onResult, toIdle, toLogin, t]);

  return (
    <div className="app" onPointerDown={unlockSound} data-screen={state ? (state.provisioned ? screen.kind : 'setup') : 'loading'}>
      {body}
    </div>
  );
}
