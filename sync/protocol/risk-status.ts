// The statuses Dinkes puts on a risk list: one list for the feed, the kiosk store, the gate rules, the
// priority alerts, the city server's CSV import and the wire schemas.
export const RISK_STATUSES = ['CONFIRMED', 'SUSPECT', 'CLOSE_CONTACT'] as const;
export type RiskStatus = (typeof RISK_STATUSES)[number];

export function isRiskStatus(value: unknown): value is RiskStatus {
  return typeof value === 'string' && (RISK_STATUSES as readonly string[]).includes(value);
}

/** What a priority alert reports: a DENY of a proven CONFIRMED or SUSPECT person (priority-alert.ts). */
export const PRIORITY_RISK_STATUSES = ['CONFIRMED', 'SUSPECT'] as const satisfies readonly RiskStatus[];
export type PriorityRiskStatus = (typeof PRIORITY_RISK_STATUSES)[number];
