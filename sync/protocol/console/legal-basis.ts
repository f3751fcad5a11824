// The legal bases a Dinkes officer names when opening a tracing case (api/console-cases.ts), as data
// with their bilingual labels; plain data without zod so the console pages can show them cheaply.
import type { Bilingual } from '../bilingual';

export const LEGAL_BASIS_CATEGORIES = ['outbreak-law', 'health-quarantine-law', 'regional-regulation', 'consent', 'other'] as const;
export type LegalBasisCategory = (typeof LEGAL_BASIS_CATEGORIES)[number];
export const LEGAL_BASIS_LABELS: Record<LegalBasisCategory, Bilingual> = {
  'outbreak-law': { id: 'UU 4/1984 Wabah Penyakit Menular', en: 'Law 4/1984 on Infectious Disease Outbreaks' },
  'health-quarantine-law': { id: 'UU 6/2018 Kekarantinaan Kesehatan', en: 'Law 6/2018 on Health Quarantine' },
  'regional-regulation': { id: 'Peraturan daerah / Perwali', en: 'Regional or mayoral regulation' },
  consent: { id: 'Persetujuan orang yang bersangkutan', en: "The person's consent" },
  other: { id: 'Lainnya (jelaskan)', en: 'Other (explain)' },
};
