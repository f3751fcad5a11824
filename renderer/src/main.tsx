import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { resolveKioskApi } from './api';
import { App } from './App';
import { CameraProvider } from './camera/CameraContext';
import { LanguageProvider } from './i18n/LanguageContext';
import { prepareQrReader } from './lib/qr-reader';
import './styles.css';

const api = resolveKioskApi();
// load the QR decoder while the camera opens, so the first code is read without a wait
void prepareQrReader().catch(() => undefined);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <LanguageProvider>
      <CameraProvider>
        <App api={api} />
      </CameraProvider>
    </LanguageProvider>
  </StrictMode>,
);
