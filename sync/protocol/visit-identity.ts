// How a visitor identified at the gate: a signed city QR credential, a NIK (typed on the keypad or
// scanned), or not at all. One list for the kiosk store (CHECK constraint in migration 0003), the wire
// (/v1/visits) and the city server.
export const VISIT_IDENTITIES = ['QR', 'NIK', 'NONE'] as const;
export type VisitIdentity = (typeof VISIT_IDENTITIES)[number];
