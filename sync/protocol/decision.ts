// The gate decision: one pure function from everything the kiosk knows about a visitor at this moment
// to ADMIT / DENY / REFER, a reason code, a public message and a staff message.
//
// Precedence (first rule that applies wins; documented for officers in the README):
//   0  INPUT_INVALID          REFER  unusable clock, counts, policy or list date: decide nothing on garbage
//   1  LIVENESS_FAILED        DENY   a presentation attack outranks everything else
//   1b VENUE_CLOSED           DENY   outside the policy's opening hours (WIB): nobody is admitted, whoever they are
//   2  NO_IDENTITY            REFER
//   2b AGE_UNKNOWN            REFER  ┐ only with an age limit in the policy: the birth date in the claimed NIK
//   2c AGE_BELOW_MIN          DENY   │ (the kiosk always has it: a typed NIK and a QR pass both carry the NIK)
//   2d AGE_ABOVE_MAX          DENY   ┘ is unreadable (an officer re-deciding without one), too young, too old
//   3  NOT_REGISTERED         REFER
//   4  FACE_MISMATCH          DENY   always (even if the policy does not require a face)
//   5  ENGINE_UNAVAILABLE     REFER  ┐
//   6  NO_FACE_TEMPLATE       REFER  │ only when policy.requireFace; otherwise they are flags
//   7  FACE_NOT_CHECKED       REFER  │
//   8  LIVENESS_NOT_CHECKED   REFER  ┘ (face matched but liveness was not run while policy.requireLiveness)
//   8b REGISTRATION_UNVERIFIED REFER a self-registration nobody has checked against the KTP yet (issue 12)
//   9  RISK_CONFIRMED         DENY   ┐ only while active (now < validUntil)
//  10  RISK_SUSPECT           DENY   │
//  11  RISK_CLOSE_CONTACT     policy.closeContactAction
//  12  VENUE_FULL             DENY
//  13  RISK_LIST_MISSING      REFER  without any list nobody can be cleared
//  14  RISK_LIST_STALE        policy.staleListAction (REFER, or ADMIT with the flag) once older than staleListHardHours
//  15  CLEARED                ADMIT
//
// Why identity before risk: the risk status belongs to the CLAIMED identity. Until the face (or an
// officer) proves the visitor is that person, the decision must not reveal the claimed person's health
// status to anyone — not on the public screen and not on the staff screen — so rules 1–8 never look at
// `risk`. None of them admits, so a confirmed or suspect person is never admitted either way; an officer
// who verifies the ID card by hand calls decide() again with `officerVerified: true` and then sees the risk.
//
// Why opening hours and age before the face: neither depends on who the visitor really is (a closed venue
// turns everyone away; the age is the claimed NIK's, and a visitor claiming someone else's NIK still meets
// the face rules after it), so the kiosk turns them away at the scan without a face check (entryBarred),
// and their public message says what and why ("Anak di bawah 12 tahun belum boleh masuk"). The birth date
// is no secret from the visitor who typed the NIK that holds it; it is never a medical status.
import type { Bilingual } from './bilingual';
import { PUBLIC_MESSAGES, STAFF_MESSAGES, STAFF_NOTES } from './decision-messages';
import { ageOnWib } from './nik';
import { OpeningHours, hoursOn, isOpenAt } from './opening-hours';
import type { Outcome } from './outcome';
import type { RiskStatus } from './risk-status';
import type { CloseContactAction, StaleListAction } from './venue-policy-bounds';

export type IdentityKind = 'credential' | 'nik' | 'none';

export type FaceResult =
  | { kind: 'match'; distance: number }
  | { kind: 'mismatch'; distance: number }
  | { kind: 'no-template' }
  /** the face engine is broken or timed out */
  | { kind: 'unavailable' }
  | { kind: 'skipped' };

export type LivenessResult = 'passed' | 'failed' | 'not-required';

/** The claimed identity's entry in the risk list, as the rules read it. */
export interface RiskFinding {
  status: RiskStatus;
  /**
   * ISO 8601. An instant (with offset) is exclusive: from then on the person is no longer denied.
   * A bare date (YYYY-MM-DD) counts the whole day in WIB (until the next midnight, UTC+7).
   */
  validUntil: string;
}

export interface VenueState {
  /** null: no capacity limit */
  capacity: number | null;
  occupancy: number;
}

export interface RiskListInfo {
  version: string | number;
  /** ISO 8601 instant the list was last known current: riskListCurrentAt (risk-list-age.ts), its issue or a later signed confirmation */
  currentAt: string;
}

export interface GatePolicy {
  /** older than this: ADMIT still, with the RISK_LIST_AGING flag */
  staleListWarnHours: number;
  /** older than this: staleListAction */
  staleListHardHours: number;
  staleListAction: StaleListAction;
  /** a face match is needed to admit */
  requireFace: boolean;
  /** a face match counts only with a passed liveness check */
  requireLiveness: boolean;
  closeContactAction: CloseContactAction;
  /** youngest admitted, whole years from the NIK's birth date (absent: no limit) */
  minAge?: number;
  /** oldest admitted (absent: no limit) */
  maxAge?: number;
  /** when the gate admits, WIB (absent: at any time) */
  openingHours?: OpeningHours;
}

export const DEFAULT_GATE_POLICY: Readonly<GatePolicy> = Object.freeze({
  staleListWarnHours: 24,
  staleListHardHours: 72,
  staleListAction: 'REFER',
  requireFace: true,
  requireLiveness: true,
  closeContactAction: 'DENY',
});

export interface DecisionInput {
  identity: IdentityKind;
  /** the claimed identity has a registration (on this device, or proven by a valid city credential) */
  registered: boolean;
  face: FaceResult;
  liveness: LivenessResult;
  /** the claimed identity's entry in the risk list, null if none */
  risk: RiskFinding | null;
  venue: VenueState;
  /** null: this kiosk has no risk list at all */
  riskList: RiskListInfo | null;
  policy: GatePolicy;
  now: Date;
  /** an officer checked the ID card against the person: stands in for the face and liveness results */
  officerVerified?: boolean;
  /** the registration was made by the person themself (/daftar/) and no officer has seen the KTP yet */
  registrationUnverified?: boolean;
  /**
   * the claimed identity's birth date from its NIK (YYYY-MM-DD, parseNik's century rule), for the age
   * limits; null/absent when unknown. Only the date crosses into the rules, not the NIK.
   */
  birthDate?: string | null;
}

export type DecisionReason =
  | 'CLEARED'
  | 'INPUT_INVALID'
  | 'LIVENESS_FAILED'
  | 'NO_IDENTITY'
  | 'NOT_REGISTERED'
  | 'FACE_MISMATCH'
  | 'ENGINE_UNAVAILABLE'
  | 'NO_FACE_TEMPLATE'
  | 'FACE_NOT_CHECKED'
  | 'LIVENESS_NOT_CHECKED'
  | 'REGISTRATION_UNVERIFIED'
  | 'RISK_CONFIRMED'
  | 'RISK_SUSPECT'
  | 'RISK_CLOSE_CONTACT'
  | 'VENUE_FULL'
  | 'RISK_LIST_MISSING'
  | 'RISK_LIST_STALE'
  | 'VENUE_CLOSED'
  | 'AGE_UNKNOWN'
  | 'AGE_BELOW_MIN'
  | 'AGE_ABOVE_MAX';

export const DECISION_REASONS: readonly DecisionReason[] = Object.freeze([
  'CLEARED', 'INPUT_INVALID', 'LIVENESS_FAILED', 'NO_IDENTITY', 'NOT_REGISTERED', 'FACE_MISMATCH', 'ENGINE_UNAVAILABLE',
  'NO_FACE_TEMPLATE', 'FACE_NOT_CHECKED', 'LIVENESS_NOT_CHECKED', 'REGISTRATION_UNVERIFIED', 'RISK_CONFIRMED', 'RISK_SUSPECT', 'RISK_CLOSE_CONTACT',
  'VENUE_FULL', 'RISK_LIST_MISSING', 'RISK_LIST_STALE', 'VENUE_CLOSED', 'AGE_UNKNOWN', 'AGE_BELOW_MIN', 'AGE_ABOVE_MAX',
] as const);

/** Staff-only annotations (never shown publicly); they do not change the outcome by themselves. */
export type DecisionFlag =
  | 'RISK_LIST_AGING'
  | 'RISK_LIST_STALE'
  | 'RISK_LIST_FROM_FUTURE'
  | 'RISK_VALID_UNTIL_INVALID'
  | 'IDENTITY_UNVERIFIED'
  | 'FACE_ENGINE_UNAVAILABLE'
  | 'NO_FACE_TEMPLATE'
  | 'FACE_NOT_CHECKED'
  | 'LIVENESS_NOT_CHECKED'
  | 'VENUE_FULL'
  | 'OFFICER_VERIFIED';

export interface Decision {
  outcome: Outcome;
  reason: DecisionReason;
  /** for the visitor's screen: never names a medical status */
  publicMessage: Bilingual;
  /** for the officer's screen: names the reason */
  staffMessage: Bilingual;
  flags: DecisionFlag[];
  /** the visitor was proven to be the claimed identity (face + liveness as the policy requires, or an officer) */
  identityVerified: boolean;
  /** age of the risk list at `now`, null without a list (or with an unusable date) */
  riskListAgeHours: number | null;
}

/** A list dated this far in the future is a clock problem worth flagging; less is ordinary skew. */
const FUTURE_LIST_TOLERANCE_HOURS = 0.25;
const WIB_OFFSET_MS = 7 * 3600 * 1000;
const HOUR_MS = 3600 * 1000;

/** End instant (exclusive, ms) of a risk status; NaN when unreadable. */
export function riskValidUntilMs(validUntil: string): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(validUntil)) {
    const midnightUtc = Date.parse(`${validUntil}T00:00:00Z`);
    return midnightUtc + 24 * HOUR_MS - WIB_OFFSET_MS;
  }
  // Only full ISO 8601 date-times: Date.parse accepts many locale formats we do not want to guess at.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(validUntil)) return Number.NaN;
  return Date.parse(validUntil);
}

/** Active when now is before the end; an unreadable end counts as active (fail closed). */
export function isRiskActive(risk: RiskFinding, now: Date): boolean {
  const end = riskValidUntilMs(risk.validUntil);
  return Number.isNaN(end) || now.getTime() < end;
}

function invalidInput(input: DecisionInput): string | null {
  if (!(input.now instanceof Date) || Number.isNaN(input.now.getTime())) return 'now';
  const { capacity, occupancy } = input.venue;
  if (!Number.isFinite(occupancy) || occupancy < 0) return 'venue.occupancy';
  if (capacity !== null && (!Number.isFinite(capacity) || capacity < 0)) return 'venue.capacity';
  const p = input.policy;
  if (!(p.staleListWarnHours >= 0) || !(p.staleListHardHours >= p.staleListWarnHours) || !Number.isFinite(p.staleListHardHours)) return 'policy.staleList';
  if (input.riskList && Number.isNaN(Date.parse(input.riskList.currentAt))) return 'riskList.currentAt';
  const age = (v: number | undefined) => v !== undefined && v !== null && !(Number.isInteger(v) && v >= 0);
  if (age(p.minAge) || age(p.maxAge)) return 'policy.age';
  if (p.openingHours !== undefined && p.openingHours !== null && !OpeningHours.safeParse(p.openingHours).success) return 'policy.openingHours';
  return null;
}

type Barred = { outcome: Outcome; reason: 'VENUE_CLOSED' | 'AGE_UNKNOWN' | 'AGE_BELOW_MIN' | 'AGE_ABOVE_MAX'; publicMessage: Bilingual; staffMessage: Bilingual };

/**
 * Rules 1b and 2b–2d on their own: whether this entry is turned away whatever the face check would say
 * (outside opening hours, or an age limit). The kiosk asks before it opens a face check; decide() applies
 * the same function in its place in the precedence. Assumes a valid input (decide() checks that first).
 */
export function entryBarred(input: Pick<DecisionInput, 'policy' | 'now' | 'birthDate'>): Barred | null {
  const { policy, now } = input;
  if (policy.openingHours && !isOpenAt(policy.openingHours, now)) {
    const today = hoursOn(policy.openingHours, now);
    return { outcome: 'DENY', reason: 'VENUE_CLOSED', publicMessage: PUBLIC_MESSAGES.venueClosed(today), staffMessage: STAFF_MESSAGES.venueClosed(today) };
  }
  const min = policy.minAge ?? null;
  const max = policy.maxAge ?? null;
  if (min === null && max === null) return null;
  const age = input.birthDate ? ageOnWib(input.birthDate, now) : null;
  if (age === null) return { outcome: 'REFER', reason: 'AGE_UNKNOWN', publicMessage: { ...PUBLIC_MESSAGES.seeOfficer }, staffMessage: STAFF_MESSAGES.ageUnknown(min, max) };
  if (min !== null && age < min) return { outcome: 'DENY', reason: 'AGE_BELOW_MIN', publicMessage: PUBLIC_MESSAGES.ageBelowMin(min), staffMessage: STAFF_MESSAGES.ageBelowMin(age, min) };
  if (max !== null && age > max) return { outcome: 'DENY', reason: 'AGE_ABOVE_MAX', publicMessage: PUBLIC_MESSAGES.ageAboveMax(max), staffMessage: STAFF_MESSAGES.ageAboveMax(age, max) };
  return null;
}

function publicFor(outcome: Outcome): Bilingual {
  return { ...(outcome === 'ADMIT' ? PUBLIC_MESSAGES.admit : PUBLIC_MESSAGES.seeOfficer) };
}

function withNotes(message: Bilingual, notes: Bilingual[]): Bilingual {
  if (notes.length === 0) return message;
  return { id: `${message.id}. Catatan: ${notes.map((n) => n.id).join('; ')}`, en: `${message.en}. Note: ${notes.map((n) => n.en).join('; ')}` };
}

export function decide(input: DecisionInput): Decision {
  const policy = input.policy;
  const flags: DecisionFlag[] = [];
  const bad = invalidInput(input);
  const make = (outcome: Outcome, reason: DecisionReason, staffMessage: Bilingual, extra: Partial<Decision> = {}): Decision => ({
    outcome,
    reason,
    publicMessage: publicFor(outcome),
    staffMessage,
    flags: [...flags],
    identityVerified: false,
    riskListAgeHours: null,
    ...extra,
  });
  if (bad) return make('REFER', 'INPUT_INVALID', STAFF_MESSAGES.inputInvalid(bad));

  const now = input.now.getTime();
  const officer = input.officerVerified === true;
  if (officer) flags.push('OFFICER_VERIFIED');
  const face = input.face;

  // Identity: rules 1–8 never read input.risk (see the header).
  if (!officer && input.liveness === 'failed') return make('DENY', 'LIVENESS_FAILED', STAFF_MESSAGES.livenessFailed());
  const barred = entryBarred(input);
  if (barred?.reason === 'VENUE_CLOSED') return { ...make(barred.outcome, barred.reason, barred.staffMessage), publicMessage: barred.publicMessage };
  if (input.identity === 'none') return make('REFER', 'NO_IDENTITY', STAFF_MESSAGES.noIdentity());
  if (barred) return { ...make(barred.outcome, barred.reason, barred.staffMessage), publicMessage: barred.publicMessage };
  if (!input.registered) return make('REFER', 'NOT_REGISTERED', STAFF_MESSAGES.notRegistered());
  if (!officer && face.kind === 'mismatch') return make('DENY', 'FACE_MISMATCH', STAFF_MESSAGES.faceMismatch());

  // A policy object missing these (an older server, a partial override) must not switch checks off.
  const requireFace = policy.requireFace !== false;
  const requireLiveness = policy.requireLiveness !== false;
  const livenessOk = input.liveness === 'passed' || !requireLiveness;
  const faceVerified = face.kind === 'match' && livenessOk;
  if (!officer && requireFace) {
    if (face.kind === 'unavailable') return make('REFER', 'ENGINE_UNAVAILABLE', STAFF_MESSAGES.engineUnavailable());
    if (face.kind === 'no-template') return make('REFER', 'NO_FACE_TEMPLATE', STAFF_MESSAGES.noFaceTemplate());
    if (face.kind === 'skipped') return make('REFER', 'FACE_NOT_CHECKED', STAFF_MESSAGES.faceNotChecked());
    if (!livenessOk) return make('REFER', 'LIVENESS_NOT_CHECKED', STAFF_MESSAGES.livenessNotChecked());
  }
  // Once only: the guard checks the KTP and overrides with ID_CHECKED; the server then marks it verified.
  if (!officer && input.registrationUnverified === true) return make('REFER', 'REGISTRATION_UNVERIFIED', STAFF_MESSAGES.registrationUnverified());
  const identityVerified = officer || faceVerified;
  if (!officer) {
    if (face.kind === 'unavailable') flags.push('FACE_ENGINE_UNAVAILABLE');
    if (face.kind === 'no-template') flags.push('NO_FACE_TEMPLATE');
    if (face.kind === 'skipped') flags.push('FACE_NOT_CHECKED');
    if (face.kind === 'match' && !livenessOk) flags.push('LIVENESS_NOT_CHECKED');
    if (!faceVerified) flags.push('IDENTITY_UNVERIFIED');
  }

  let riskListAgeHours: number | null = null;
  if (input.riskList) {
    riskListAgeHours = (now - Date.parse(input.riskList.currentAt)) / HOUR_MS;
    if (riskListAgeHours < -FUTURE_LIST_TOLERANCE_HOURS) flags.push('RISK_LIST_FROM_FUTURE');
    riskListAgeHours = Math.max(0, riskListAgeHours);
  }
  const base = { identityVerified, riskListAgeHours };
  const { capacity, occupancy } = input.venue;
  const venueFull = capacity !== null && occupancy >= capacity;

  // Risk of the (now proven, or policy-accepted) identity.
  const risk = input.risk;
  if (risk && isRiskActive(risk, input.now)) {
    if (Number.isNaN(riskValidUntilMs(risk.validUntil))) flags.push('RISK_VALID_UNTIL_INVALID');
    if (venueFull) flags.push('VENUE_FULL');
    // While the venue is full everybody else is turned away with "venue full"; a different public
    // message for this visitor alone would single them out to the queue behind them.
    const riskDecision = (outcome: Outcome, reason: DecisionReason, staff: Bilingual): Decision => ({
      ...make(outcome, reason, staff, base),
      ...(venueFull ? { publicMessage: { ...PUBLIC_MESSAGES.venueFull } } : {}),
    });
    if (risk.status === 'CONFIRMED') return riskDecision('DENY', 'RISK_CONFIRMED', STAFF_MESSAGES.riskConfirmed(risk.validUntil));
    if (risk.status === 'SUSPECT') return riskDecision('DENY', 'RISK_SUSPECT', STAFF_MESSAGES.riskSuspect(risk.validUntil));
    if (risk.status === 'CLOSE_CONTACT') {
      const deny = policy.closeContactAction !== 'REFER';
      return riskDecision(deny ? 'DENY' : 'REFER', 'RISK_CLOSE_CONTACT', STAFF_MESSAGES.riskCloseContact(risk.validUntil, deny));
    }
    // An unknown status from a newer list format: not clear to admit.
    return riskDecision('DENY', 'RISK_SUSPECT', STAFF_MESSAGES.riskSuspect(risk.validUntil));
  }

  if (venueFull) return { ...make('DENY', 'VENUE_FULL', STAFF_MESSAGES.venueFull(occupancy, capacity), base), publicMessage: { ...PUBLIC_MESSAGES.venueFull } };
  if (riskListAgeHours === null) return make('REFER', 'RISK_LIST_MISSING', STAFF_MESSAGES.riskListMissing(), base);

  const notes: Bilingual[] = [];
  if (riskListAgeHours > policy.staleListHardHours) {
    flags.push('RISK_LIST_STALE');
    if (policy.staleListAction !== 'ADMIT_WITH_FLAG') {
      return make('REFER', 'RISK_LIST_STALE', STAFF_MESSAGES.riskListStale(riskListAgeHours, policy.staleListHardHours, false), base);
    }
    if (flags.includes('IDENTITY_UNVERIFIED')) notes.push(STAFF_NOTES.IDENTITY_UNVERIFIED());
    return make('ADMIT', 'RISK_LIST_STALE', withNotes(STAFF_MESSAGES.riskListStale(riskListAgeHours, policy.staleListHardHours, true), notes), base);
  }
  if (riskListAgeHours > policy.staleListWarnHours) {
    flags.push('RISK_LIST_AGING');
    notes.push(STAFF_NOTES.RISK_LIST_AGING(riskListAgeHours));
  }
  if (flags.includes('RISK_LIST_FROM_FUTURE')) notes.push(STAFF_NOTES.RISK_LIST_FROM_FUTURE());
  if (flags.includes('IDENTITY_UNVERIFIED')) notes.push(STAFF_NOTES.IDENTITY_UNVERIFIED());
  if (officer) notes.push(STAFF_NOTES.OFFICER_VERIFIED());
  return make('ADMIT', 'CLEARED', withNotes(STAFF_MESSAGES.cleared(), notes), base);
}
