// What each venue policy field is called on screen (console, kiosk diagnostics), Bahasa Indonesia
// first. No runtime imports: the console's browser bundle takes it without zod or node:crypto.
import type { Bilingual } from './bilingual';

export type PolicyFieldName =
  | 'staleListWarnHours' | 'staleListHardHours' | 'staleListAction' | 'requireFace' | 'requireLiveness' | 'closeContactAction'
  | 'challenge' | 'requirePassive' | 'faceTimeoutSeconds' | 'resultSeconds' | 'minGoodFrames' | 'capacityPercent';

export const POLICY_FIELD_LABELS: Record<PolicyFieldName, Bilingual> = {
  staleListWarnHours: { id: 'Peringatan daftar risiko lama (jam)', en: 'Risk list ageing warning (hours)' },
  staleListHardHours: { id: 'Batas umur daftar risiko (jam)', en: 'Risk list age limit (hours)' },
  staleListAction: { id: 'Jika daftar risiko terlalu lama', en: 'When the risk list is too old' },
  requireFace: { id: 'Wajib cocok wajah', en: 'Face match required' },
  requireLiveness: { id: 'Wajib uji keaslian (liveness)', en: 'Liveness check required' },
  closeContactAction: { id: 'Kontak erat', en: 'Close contacts' },
  challenge: { id: 'Tantangan liveness', en: 'Liveness challenge' },
  requirePassive: { id: 'Wajib uji pasif (tayangan layar)', en: 'Passive check required (screen replay)' },
  faceTimeoutSeconds: { id: 'Batas waktu pemeriksaan wajah (detik)', en: 'Face check timeout (seconds)' },
  resultSeconds: { id: 'Lama hasil tampil (detik)', en: 'Result shown for (seconds)' },
  minGoodFrames: { id: 'Bingkai baik minimum', en: 'Minimum good frames' },
  capacityPercent: { id: 'Kapasitas yang diizinkan (% dari normal)', en: 'Capacity allowed (% of normal)' },
};

