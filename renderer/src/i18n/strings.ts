// Every word the screens show, in both languages, in one place. Bahasa Indonesia is the default.
// Messages that come from the trusted side (NIK errors, guidance, public result) arrive already
// bilingual in the API answers and are shown as sent; these are the screens' own words.
import type { Bilingual, Language } from '../../../electron/contract/kiosk-api';

const dictionary = {
  appName: { id: 'Jejak — Gerbang Masuk', en: 'Jejak — Entry Gate' },
  exitGateName: { id: 'Jejak — Gerbang Keluar', en: 'Jejak — Exit Gate' },
  switchLanguage: { id: 'English', en: 'Bahasa Indonesia' },
  switchLanguageLabel: { id: 'Switch to English', en: 'Ganti ke Bahasa Indonesia' },
  scanPrompt: { id: 'Pindai QR atau masukkan NIK', en: 'Scan QR or enter NIK' },
  scanPromptExit: { id: 'Pindai QR atau masukkan NIK untuk keluar', en: 'Scan QR or enter NIK to check out' },
  scanHint: { id: 'Tunjukkan kode QR ke kamera', en: 'Hold your QR code up to the camera' },
  cameraPreview: { id: 'Pratinjau kamera', en: 'Camera preview' },
  cameraUnavailable: { id: 'Kamera tidak tersedia', en: 'Camera not available' },
  enterNik: { id: 'Masukkan NIK', en: 'Enter NIK' },
  nikField: { id: 'NIK (16 digit)', en: 'NIK (16 digits)' },
  nikDigitsLeft: { id: '{n} digit lagi', en: '{n} more digits' },
  submit: { id: 'Kirim', en: 'Submit' },
  cancel: { id: 'Batal', en: 'Cancel' },
  close: { id: 'Tutup', en: 'Close' },
  back: { id: 'Kembali', en: 'Back' },
  deleteDigit: { id: 'Hapus satu digit', en: 'Delete one digit' },
  clearAll: { id: 'Hapus semua', en: 'Clear all' },
  digit: { id: 'Angka {n}', en: 'Digit {n}' },
  staff: { id: 'Petugas', en: 'Staff' },
  staffLogin: { id: 'Masuk petugas', en: 'Staff sign-in' },
  enterPin: { id: 'Masukkan PIN petugas', en: 'Enter the staff PIN' },
  pinField: { id: 'PIN', en: 'PIN' },
  checking: { id: 'Memeriksa…', en: 'Checking…' },
  occupancy: { id: 'Pengunjung di dalam: {n} / {cap}', en: 'Visitors inside: {n} / {cap}' },
  occupancyNoCap: { id: 'Pengunjung di dalam: {n}', en: 'Visitors inside: {n}' },
  offline: { id: 'Luring — keputusan tetap berjalan', en: 'Offline — decisions continue' },
  staleList: { id: 'Daftar risiko sudah lama', en: 'Risk list is out of date' },
  engineNotReady: { id: 'Pemeriksa wajah belum siap — pengunjung diarahkan ke petugas', en: 'Face check not ready — visitors are referred to staff' },
  hostUnreachable: { id: 'Layanan kios tidak terhubung', en: 'Kiosk service not reachable' },
  // face check
  faceTitle: { id: 'Pemeriksaan wajah', en: 'Face check' },
  greeting: { id: 'Halo, {name}', en: 'Hello, {name}' },
  lookAtCamera: { id: 'Lihat ke kamera', en: 'Look at the camera' },
  faceProgress: { id: 'Kemajuan pemeriksaan', en: 'Check progress' },
  secondsLeft: { id: '{n} detik lagi', en: '{n} seconds left' },
  challengeBlink: { id: 'Kedipkan mata', en: 'Please blink' },
  challengeTurn: { id: 'Tolehkan kepala', en: 'Turn your head' },
  // results
  admitTitle: { id: 'Silakan masuk', en: 'Please enter' },
  seeOfficer: { id: 'Mohon temui petugas', en: 'Please see the officer' },
  checkedOut: { id: 'Terima kasih, Anda sudah keluar', en: 'Thank you, you are checked out' },
  outcomeAdmit: { id: 'Diizinkan', en: 'Admitted' },
  outcomeDeny: { id: 'Ditolak', en: 'Not admitted' },
  outcomeRefer: { id: 'Dirujuk ke petugas', en: 'Referred to staff' },
  outcomeCheckout: { id: 'Keluar', en: 'Checked out' },
  returningIn: { id: 'Kembali dalam {n} detik', en: 'Returning in {n} seconds' },
  // staff panel
  staffPanel: { id: 'Panel petugas', en: 'Staff panel' },
  lock: { id: 'Kunci', en: 'Lock' },
  recentDecisions: { id: 'Keputusan terakhir', en: 'Recent decisions' },
  noDecisions: { id: 'Belum ada keputusan', en: 'No decisions yet' },
  reasonLabel: { id: 'Alasan', en: 'Reason' },
  overrideTo: { id: 'Ubah keputusan', en: 'Override' },
  overrideReason: { id: 'Alasan perubahan (wajib)', en: 'Reason for the override (required)' },
  overrideSave: { id: 'Simpan perubahan', en: 'Save override' },
  overridden: { id: 'Diubah menjadi {o}: {r}', en: 'Overridden to {o}: {r}' },
  checkOut: { id: 'Catat keluar', en: 'Check out' },
  checkedOutOk: { id: 'Tercatat keluar. Di dalam: {n}', en: 'Checked out. Inside: {n}' },
  register: { id: 'Daftarkan pengunjung', en: 'Register a visitor' },
  registerName: { id: 'Nama lengkap', en: 'Full name' },
  registerConsent: {
    id: 'Pengunjung setuju data NIK, nama, dan fotonya diproses untuk pemeriksaan masuk (UU PDP)',
    en: 'The visitor consents to their NIK, name and photo being processed for entry checks (PDP law)',
  },
  takeSelfie: { id: 'Ambil foto', en: 'Take photo' },
  retakeSelfie: { id: 'Ulangi foto', en: 'Retake photo' },
  selfieTaken: { id: 'Foto diambil', en: 'Photo taken' },
  selfieNeeded: { id: 'Ambil foto dahulu', en: 'Take a photo first' },
  consentNeeded: { id: 'Persetujuan pengunjung wajib', en: "The visitor's consent is required" },
  registerSave: { id: 'Daftarkan', en: 'Register' },
  registeredQueued: { id: 'Terdaftar (antre untuk dikirim ke server). Pengunjung bisa memindai ulang.', en: 'Registered (queued for the server). The visitor can scan again.' },
  registered: { id: 'Terdaftar. Pengunjung bisa memindai ulang.', en: 'Registered. The visitor can scan again.' },
  diagnostics: { id: 'Diagnostik', en: 'Diagnostics' },
  exitKiosk: { id: 'Keluar dari mode kios', en: 'Exit kiosk mode' },
  // setup
  setupTitle: { id: 'Penyiapan kios', en: 'Kiosk setup' },
  setupIntro: { id: 'Untuk petugas TI: hubungkan tablet ini ke server kota.', en: 'For IT staff: connect this tablet to the city server.' },
  serverUrl: { id: 'Alamat server', en: 'Server URL' },
  enrolCode: { id: 'Kode pendaftaran perangkat', en: 'Device enrolment code' },
  camera: { id: 'Kamera', en: 'Camera' },
  cameraDefault: { id: 'Kamera bawaan', en: 'Default camera' },
  cameraTest: { id: 'Uji kamera', en: 'Camera test' },
  adminPin: { id: 'PIN admin (4–8 angka)', en: 'Admin PIN (4–8 digits)' },
  adminPinRepeat: { id: 'Ulangi PIN admin', en: 'Repeat the admin PIN' },
  pinMismatch: { id: 'PIN tidak sama', en: 'The PINs do not match' },
  pinRule: { id: 'PIN harus 4–8 angka', en: 'The PIN must be 4–8 digits' },
  urlRule: { id: 'Alamat server harus diawali http:// atau https://', en: 'The server URL must start with http:// or https://' },
  codeRule: { id: 'Kode minimal 4 karakter', en: 'The code needs at least 4 characters' },
  provision: { id: 'Hubungkan', en: 'Connect' },
  provisioning: { id: 'Menghubungkan…', en: 'Connecting…' },
  provisioned: { id: 'Terhubung: {venue} — {gate}', en: 'Connected: {venue} — {gate}' },
  // diagnostics
  diagTitle: { id: 'Diagnostik', en: 'Diagnostics' },
  syncState: { id: 'Status sinkron', en: 'Sync state' },
  online: { id: 'Daring', en: 'Online' },
  offlineShort: { id: 'Luring', en: 'Offline' },
  queueDepth: { id: 'Antrean kunjungan', en: 'Visit queue' },
  deadLetters: { id: 'Ditolak server', en: 'Rejected by server' },
  lastSync: { id: 'Sinkron terakhir', en: 'Last sync' },
  never: { id: 'belum pernah', en: 'never' },
  lastError: { id: 'Galat terakhir', en: 'Last error' },
  clockOffset: { id: 'Selisih jam', en: 'Clock offset' },
  riskList: { id: 'Daftar risiko', en: 'Risk list' },
  riskListValue: { id: 'versi {v}, umur {h} jam', en: 'version {v}, {h} hours old' },
  none: { id: 'tidak ada', en: 'none' },
  modelBackend: { id: 'Mesin wajah', en: 'Face engine' },
  msPerFrame: { id: '{ms} ms/bingkai', en: '{ms} ms/frame' },
  cameraFps: { id: 'Kamera', en: 'Camera' },
  fpsValue: { id: '{fps} bingkai/detik', en: '{fps} frames/s' },
  storage: { id: 'Penyimpanan', en: 'Storage' },
  storageValue: { id: 'basis data {db}, bebas {free}', en: 'database {db}, free {free}' },
  appVersion: { id: 'Versi aplikasi', en: 'App version' },
  deviceId: { id: 'ID perangkat', en: 'Device ID' },
  alerts: { id: 'Peringatan', en: 'Alerts' },
  noAlerts: { id: 'Tidak ada peringatan', en: 'No alerts' },
  exportLogs: { id: 'Ekspor log', en: 'Export logs' },
  exported: { id: 'Log diekspor: {file}', en: 'Logs exported: {file}' },
  refresh: { id: 'Muat ulang', en: 'Refresh' },
  ready: { id: 'siap', en: 'ready' },
  notReady: { id: 'belum siap', en: 'not ready' },
} satisfies Record<string, Bilingual | { id: string; en: string }>;

export type StringKey = keyof typeof dictionary;

/** The words for `key` in `lang`, with `{name}` placeholders filled from `vars`. */
export function translate(lang: Language, key: StringKey, vars: Record<string, string | number> = {}): string {
  const template = dictionary[key][lang];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** Both languages of a key, e.g. for a caption shown in the other language under the main one. */
export function bilingual(key: StringKey, vars: Record<string, string | number> = {}): Bilingual {
  return { id: translate('id', key, vars), en: translate('en', key, vars) };
}

export const allStringKeys = (): StringKey[] => Object.keys(dictionary) as StringKey[];
