// The last decisions with their staff messages, for the staff panel. Memory only: the staff reason text,
// display names and masked NIKs are not persisted beyond what the store keeps (encrypted; never a NIK) —
// a restart clears them. The masked NIK ("3271 **** **** 0009") is made from the NIK read at the gate while
// it is still in memory, and is never written to the DB or the log.
import type { Outcome, StaffDecision, Bilingual } from '../contract/kiosk-api';

export interface DecisionNote {
  visitId: string;
  at: string;
  outcome: Outcome;
  reason: string;
  staffMessage: Bilingual;
  displayName: string | null;
  maskedNik: string | null;
  gateName: string | null;
  nikHash: string | null;
  registrationId: string | null;
  riskListVersion: number | null;
  overridden: StaffDecision['overridden'];
}

export interface RecentDecisions {
  add(note: DecisionNote): void;
  get(visitId: string): DecisionNote | undefined;
  list(limit?: number): DecisionNote[];
}

export function toStaffDecision(n: DecisionNote): StaffDecision {
  return { visitId: n.visitId, at: n.at, outcome: n.outcome, reason: n.reason, staffMessage: n.staffMessage, displayName: n.displayName, maskedNik: n.maskedNik, gateName: n.gateName, overridden: n.overridden };
}

export function createRecentDecisions(capacity = 50): RecentDecisions {
  const notes: DecisionNote[] = [];
  return {
    add(note) {
      notes.unshift(note);
      if (notes.length > capacity) notes.length = capacity;
    },
    get: (visitId) => notes.find((n) => n.visitId === visitId),
    list: (limit = 20) => notes.slice(0, limit),
  };
}
