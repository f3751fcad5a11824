// Every sentence a visitor or staff member reads from the face engine: Bahasa Indonesia first, English second.
import type { Bilingual, LivenessReason, QualityCode, VerifyErrorCode } from './types';

export const QUALITY_MESSAGES: Record<QualityCode, Bilingual> = {
  NO_FACE: { id: 'Wajah tidak terlihat. Hadapkan wajah ke kamera.', en: 'No face seen. Face the camera.' },
  MULTIPLE_FACES: { id: 'Satu orang saja di depan kamera.', en: 'One person at a time.' },
  TOO_SMALL: { id: 'Mendekatlah ke kamera.', en: 'Come closer to the camera.' },
  NOT_FRONTAL: { id: 'Lihat lurus ke kamera.', en: 'Look straight at the camera.' },
  TOO_DARK: { id: 'Terlalu gelap. Cari tempat yang lebih terang.', en: 'Too dark. Move to a brighter spot.' },
  TOO_BRIGHT: { id: 'Terlalu terang. Hindari cahaya langsung ke wajah.', en: 'Too bright. Avoid direct light on your face.' },
  BLURRED: { id: 'Gambar buram. Diam sebentar.', en: 'Image is blurred. Hold still for a moment.' },
};

export const HOLD_STILL: Bilingual = { id: 'Bagus. Tetap di posisi ini.', en: 'Good. Stay like this.' };

export const CHALLENGE_PROMPTS = {
  blink: { id: 'Kedipkan mata Anda.', en: 'Blink your eyes.' },
  turn: { id: 'Tolehkan kepala perlahan ke kiri atau kanan, lalu kembali.', en: 'Slowly turn your head left or right, then back.' },
} satisfies Record<'blink' | 'turn', Bilingual>;

export const LIVENESS_MESSAGES: Record<LivenessReason, Bilingual> = {
  PASSIVE_SPOOF: {
    id: 'Wajah tidak dapat dipastikan hadir langsung. Silakan ke petugas.',
    en: 'Could not confirm a live face. Please see the staff.',
  },
  NO_MOTION: {
    id: 'Wajah tidak bergerak sama sekali. Silakan ke petugas.',
    en: 'The face did not move at all. Please see the staff.',
  },
  CHALLENGE_NOT_SEEN: { id: 'Gerakan yang diminta tidak terlihat. Coba lagi.', en: 'The requested movement was not seen. Try again.' },
  TOO_FEW_FRAMES: { id: 'Wajah kurang lama terlihat. Coba lagi.', en: 'The face was not seen long enough. Try again.' },
};

export const VERIFY_ERRORS: Record<VerifyErrorCode, Bilingual> = {
  NO_TEMPLATES: { id: 'Tidak ada foto wajah terdaftar untuk orang ini.', en: 'No registered face for this person.' },
  TEMPLATE_MODEL_MISMATCH: {
    id: 'Data wajah terdaftar dibuat dengan model lain dan tidak bisa dibandingkan. Silakan ke petugas.',
    en: 'The registered face data was made by another model and cannot be compared. Please see the staff.',
  },
  BAD_TEMPLATE: {
    id: 'Data wajah terdaftar rusak dan tidak bisa dibandingkan. Silakan ke petugas.',
    en: 'The registered face data is damaged and cannot be compared. Please see the staff.',
  },
  NO_GOOD_FRAMES: { id: 'Wajah tidak terlihat jelas. Coba lagi.', en: 'The face was not seen clearly. Try again.' },
};

export const ENGINE_NOT_READY: Bilingual = {
  id: 'Pemeriksaan wajah tidak tersedia. Silakan ke petugas.',
  en: 'Face check is unavailable. Please see the staff.',
};
