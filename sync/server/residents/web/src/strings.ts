// Every word the residents' pages show, in both languages, in one place (as the kiosk's
// renderer/src/i18n/strings.ts): Bahasa Indonesia first, English by the switch. Messages from the
// server (NIK rules, the face engine's guidance, review reasons) arrive already bilingual ({ id, en }).
import type { Bilingual } from '../../../../protocol/bilingual';

export type Lang = 'id' | 'en';
/** short name in these pages for the one Bilingual (sync/protocol/bilingual.ts) */
export type Bi = Bilingual;

export const T = {
  switchLang: { id: 'English', en: 'Bahasa Indonesia' },
  daftarTitle: { id: 'Daftar Jejak', en: 'Register for Jejak' },
  daftarIntro: { id: 'Daftarkan diri Anda untuk masuk tempat umum di Kota Bogor dengan pass QR.', en: 'Register yourself to enter public places in Kota Bogor with a QR pass.' },
  nik: { id: 'NIK (16 digit, sesuai KTP)', en: 'NIK (16 digits, as on your KTP)' },
  name: { id: 'Nama lengkap', en: 'Full name' },
  contact: { id: 'No. HP atau e-mail (tidak wajib)', en: 'Phone or e-mail (optional)' },
  consentTitle: { id: 'Persetujuan', en: 'Consent' },
  consentText: {
    id: 'Data Anda (NIK, nama, templat wajah dari foto, kontak) dipakai hanya untuk memeriksa identitas di pintu masuk tempat umum dan untuk penelusuran kontak COVID-19 oleh Dinas Kesehatan Kota Bogor (UU PDP 27/2022). Foto tidak disimpan: hanya templat wajah terenkripsi. Pendaftaran disimpan sampai Anda menghapusnya di /saya/; riwayat kunjungan disimpan 21 hari lalu dihapus. Anda dapat melihat, memperbaiki dan menghapus data Anda kapan saja di /saya/.',
    en: 'Your data (NIK, name, a face template from the photo, contact) is used only to check your identity at the entrance of public places and for COVID-19 contact tracing by the Bogor City Health Office (Law 27/2022 on personal data). The photo is not kept: only an encrypted face template. The registration is kept until you erase it at /saya/; visits are kept 21 days and then deleted. You can see, correct and erase your data at any time at /saya/.',
  },
  consentCheck: { id: 'Saya sudah membaca dan menyetujui', en: 'I have read this and I agree' },
  selfie: { id: 'Foto wajah', en: 'Face photo' },
  selfieHelp: { id: 'Wajah lurus ke kamera, tempat terang, sendirian, tanpa masker atau kacamata hitam.', en: 'Face the camera in a bright place, alone, without a mask or sunglasses.' },
  cameraPreview: { id: 'Pratinjau kamera', en: 'Camera preview' },
  selfiePreview: { id: 'Foto wajah Anda', en: 'Your face photo' },
  useCamera: { id: 'Gunakan kamera', en: 'Use the camera' },
  takePhoto: { id: 'Ambil foto', en: 'Take the photo' },
  uploadPhoto: { id: 'atau unggah foto (JPEG/PNG)', en: 'or upload a photo (JPEG/PNG)' },
  submit: { id: 'Daftar', en: 'Register' },
  sending: { id: 'Memeriksa…', en: 'Checking…' },
  needSelfie: { id: 'Ambil atau unggah foto wajah dulu', en: 'Take or upload a face photo first' },
  needConsent: { id: 'Centang persetujuan untuk mendaftar', en: 'Tick the consent box to register' },
  needName: { id: 'Nama wajib diisi', en: 'A name is required' },
  passTitle: { id: 'Pass Anda', en: 'Your pass' },
  passUnverified: { id: 'Belum diverifikasi: pada kunjungan pertama, petugas akan memeriksa KTP Anda sekali.', en: 'Not verified yet: at your first visit an officer checks your KTP once.' },
  passVerified: { id: 'Terverifikasi.', en: 'Verified.' },
  downloadPng: { id: 'Unduh QR (PNG)', en: 'Download QR (PNG)' },
  downloadPdf: { id: 'Unduh kartu untuk dicetak (PDF, A6)', en: 'Download a printable card (PDF, A6)' },
  reviewTitle: { id: 'Perlu pemeriksaan petugas', en: 'Needs an officer\'s check' },
  cameraError: { id: 'Kamera tidak dapat dibuka. Unggah foto saja.', en: 'The camera cannot be opened. Upload a photo instead.' },
  networkError: { id: 'Tidak dapat menghubungi server. Coba lagi.', en: 'Cannot reach the server. Try again.' },
  sayaTitle: { id: 'Data saya', en: 'My data' },
  sayaIntro: { id: 'Lihat, perbaiki atau hapus data Anda. Buktikan dulu bahwa ini Anda: pass atau NIK, lalu wajah Anda di depan kamera.', en: 'See, correct or erase your data. First prove it is you: your pass or NIK, then your face in front of the camera.' },
  proofNik: { id: 'NIK', en: 'NIK' },
  proofPass: { id: 'atau teks pass (dari QR)', en: 'or the pass text (from the QR)' },
  proofPassImage: { id: 'atau foto/tangkapan layar QR pass', en: 'or a photo/screenshot of the QR pass' },
  startCheck: { id: 'Periksa wajah', en: 'Check my face' },
  blinkPrompt: { id: 'Lihat ke kamera dan kedipkan mata Anda…', en: 'Look at the camera and blink…' },
  needProof: { id: 'Isi NIK, teks pass, atau unggah foto QR', en: 'Enter the NIK or pass text, or upload a photo of the QR' },
  registered: { id: 'Terdaftar sejak', en: 'Registered since' },
  status: { id: 'Status', en: 'Status' },
  verified: { id: 'terverifikasi', en: 'verified' },
  unverified: { id: 'belum diverifikasi', en: 'not verified' },
  visitsTitle: { id: 'Kunjungan 14 hari terakhir', en: 'Visits in the last 14 days' },
  noVisits: { id: 'Tidak ada kunjungan', en: 'No visits' },
  when: { id: 'Waktu', en: 'Time' },
  where: { id: 'Tempat', en: 'Place' },
  result: { id: 'Hasil', en: 'Result' },
  saveName: { id: 'Simpan nama', en: 'Save name' },
  nameSaved: { id: 'Nama disimpan', en: 'Name saved' },
  eraseTitle: { id: 'Hapus data saya', en: 'Erase my data' },
  eraseText: { id: 'Pendaftaran, nama, kontak dan templat wajah dihapus; semua kios berhenti mengenali Anda setelah sinkron berikutnya. Riwayat kunjungan tetap disimpan selama diwajibkan untuk penelusuran kontak (21 hari), lalu dihapus.', en: 'The registration, name, contact and face template are deleted; every kiosk stops recognising you at its next sync. Visits stay as long as contact tracing requires (21 days), then are deleted.' },
  eraseCheck: { id: 'Ya, hapus data saya', en: 'Yes, erase my data' },
  erase: { id: 'Hapus', en: 'Erase' },
  erased: { id: 'Data Anda telah dihapus.', en: 'Your data has been erased.' },
} satisfies Record<string, Bi>;
export type Key = keyof typeof T;
