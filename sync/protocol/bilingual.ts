// A message a person reads: Bahasa Indonesia first (the kiosk's primary language), English second.
export interface Bilingual {
  id: string;
  en: string;
}

export function bilingual(id: string, en: string): Bilingual {
  return { id, en };
}
