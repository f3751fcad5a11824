// Console words, Bahasa Indonesia first; the English switch is remembered in localStorage.
import { createContext, useContext } from 'react';
import type { Bilingual } from '../../../../protocol/bilingual';

export type Lang = 'id' | 'en';
/** short name in the console's pages for the one Bilingual (sync/protocol/bilingual.ts) */
export type Bi = Bilingual;

export const T = {
  title: { id: 'Konsol Jejak Kota Bogor', en: 'Jejak Bogor City Console' },
  login: { id: 'Masuk', en: 'Log in' },
  logout: { id: 'Keluar', en: 'Log out' },
  username: { id: 'Nama pengguna', en: 'Username' },
  password: { id: 'Kata sandi', en: 'Password' },
  totp: { id: 'Kode autentikator (6 digit)', en: 'Authenticator code (6 digits)' },
  switchLang: { id: 'English', en: 'Bahasa Indonesia' },
  alerts: { id: 'Peringatan', en: 'Alerts' },
  riskList: { id: 'Daftar risiko', en: 'Risk list' },
  cases: { id: 'Kasus penelusuran', en: 'Tracing cases' },
  overview: { id: 'Tempat & kios', en: 'Venues & kiosks' },
  users: { id: 'Akun', en: 'Accounts' },
  venues: { id: 'Tempat', en: 'Venues' },
  audit: { id: 'Log audit', en: 'Audit log' },
  agencies: { id: 'Instansi', en: 'Agencies' },
  apiKeys: { id: 'Kunci API', en: 'API keys' },
  forbidden: { id: 'Akses ditolak: peran Anda tidak boleh membuka halaman ini.', en: 'Access denied: your role may not open this page.' },
  loading: { id: 'Memuat…', en: 'Loading…' },
  present: { id: 'Di dalam', en: 'Inside' },
  capacity: { id: 'Kapasitas', en: 'Capacity' },
  entriesToday: { id: 'Masuk hari ini', en: 'Entries today' },
  kiosks: { id: 'Kios', en: 'Kiosks' },
  noWorkingKiosk: { id: 'Tidak ada kios yang berfungsi', en: 'No working kiosk' },
  lastSeen: { id: 'Terakhir terlihat', en: 'Last seen' },
  queue: { id: 'Antrean', en: 'Queue' },
  riskAge: { id: 'Umur daftar risiko', en: 'Risk list age' },
  version: { id: 'Versi', en: 'Version' },
  status: { id: 'Status', en: 'Status' },
  name: { id: 'Nama', en: 'Name' },
  role: { id: 'Peran', en: 'Role' },
  agency: { id: 'Instansi', en: 'Agency' },
  category: { id: 'Kategori', en: 'Category' },
  address: { id: 'Alamat', en: 'Address' },
  when: { id: 'Waktu', en: 'When' },
  who: { id: 'Siapa', en: 'Who' },
  action: { id: 'Tindakan', en: 'Action' },
  target: { id: 'Sasaran', en: 'Target' },
  from: { id: 'Dari', en: 'From' },
  chainOk: { id: 'Rantai hash utuh', en: 'Hash chain intact' },
  chainBad: { id: 'Rantai hash RUSAK pada entri', en: 'Hash chain BROKEN at entry' },
  exportCsv: { id: 'Unduh CSV', en: 'Download CSV' },
  noVenues: { id: 'Tidak ada tempat dalam wilayah Anda.', en: 'No venues in your jurisdiction.' },
  disabled: { id: 'nonaktif', en: 'disabled' },
  mainNav: { id: 'Navigasi utama', en: 'Main navigation' },
} satisfies Record<string, Bi>;

export const LangContext = createContext<Lang>('id');
export function useT(): (b: Bi) => string {
  const lang = useContext(LangContext);
  return (b) => b[lang];
}
