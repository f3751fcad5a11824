// A message a person reads: Bahasa Indonesia first (the kiosk's primary language), English second.
// Built only from named fields: with two positional strings a swap compiles and nobody sees it.
import { z } from 'zod';

/** The wire and IPC schema of a bilingual message (kiosk contract, /v1 error bodies). */
export const BilingualSchema = z.object({ id: z.string(), en: z.string() });
export type Bilingual = z.infer<typeof BilingualSchema>;

/** The one constructor of a bilingual message, everywhere (kiosk, store, agent, server). */
export function bilingual(message: Bilingual): Bilingual {
  if (typeof message !== 'object' || message === null || typeof message.id !== 'string' || typeof message.en !== 'string') {
    throw new TypeError('bilingual() takes { id, en } with both texts');
  }
  return { id: message.id, en: message.en };
}
