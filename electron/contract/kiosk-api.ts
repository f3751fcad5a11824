// The one contract between the kiosk's screens (renderer) and its trusted side.
// The Electron preload (IPC) and the browser host (HTTP on 127.0.0.1) both satisfy `KioskApi`;
// every call is validated on the trusted side with these schemas and answers `Result<T>`.
// Binary payloads (camera frames, selfies) travel as base64 JPEG so both hosts carry the same JSON.
// The shared vocabulary (Bilingual, Outcome, Challenge, GateMode) comes from sync/protocol: defined once for every layer.
import { z } from 'zod';
import { BilingualSchema, type Bilingual as BilingualText } from '../../sync/protocol/bilingual';
import { OUTCOMES, type Outcome as OutcomeCode } from '../../sync/protocol/outcome';
import { OVERRIDE_NOTE_MAX, OverrideReasonCode } from '../../sync/protocol/override-reasons';
import { Challenge, GateMode } from '../../sync/protocol/gate-vocabulary';

export const Bilingual = BilingualSchema;
export type Bilingual = BilingualText;

export const ApiError = z.object({ code: z.string(), message: Bilingual });
export type ApiError = z.infer<typeof ApiError>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export const Outcome = z.enum(OUTCOMES);
export type Outcome = OutcomeCode;

export const Language = z.enum(['id', 'en']);
export type Language = z.infer<typeof Language>;

export { Challenge, GateMode };

const jpegBase64 = z.string().min(100).max(4_000_000);
const staffToken = z.string().min(16).max(200);
const pin = z.string().regex(/^\d{4,8}$/);

/** What the screens need to render any state; polled (cheap) and pushed after each action. */
export const KioskState = z.object({
  provisioned: z.boolean(),
  appVersion: z.string(),
  venue: z.object({ name: z.string(), gateName: z.string(), mode: GateMode, capacity: z.number().int().nullable(), occupancy: z.number().int() }).nullable(),
  policy: z.object({ challenge: Challenge, requireFace: z.boolean(), faceTimeoutSeconds: z.number(), resultSeconds: z.number() }),
  engine: z.object({ ready: z.boolean(), backend: z.string().nullable(), error: ApiError.nullable() }),
  sync: z.object({
    online: z.boolean(),
    queueDepth: z.number().int(),
    lastSyncAt: z.string().nullable(),
    riskListVersion: z.number().int().nullable(),
    riskListAgeHours: z.number().nullable(),
    riskListStale: z.boolean(),
  }),
  /** the camera chosen at setup (MediaDeviceInfo.deviceId), null = the default camera */
  cameraId: z.string().nullable().optional(),
});
export type KioskState = z.infer<typeof KioskState>;

export const ScanSource = z.enum(['camera', 'scanner', 'keypad']);
export type ScanSource = z.infer<typeof ScanSource>;

export const SubmitScanArgs = z.object({ text: z.string().min(1).max(2048), source: ScanSource });
export type SubmitScanArgs = z.infer<typeof SubmitScanArgs>;

/** The public result screen: no medical reason, ever. */
export const GateResult = z.object({
  outcome: Outcome,
  publicMessage: Bilingual,
  visitId: z.string().nullable(),
  occupancy: z.object({ current: z.number().int(), capacity: z.number().int().nullable() }).nullable(),
  /** exit gate: the visitor was checked out */
  checkedOut: z.boolean().optional(),
  /**
   * first name for "Selamat datang, Budi": only on ADMIT after the live face matched the registration
   * (a NIK alone is public, so a name before the face matched would tell a stranger whose NIK it is)
   */
  greetingName: z.string().nullable().optional(),
});
export type GateResult = z.infer<typeof GateResult>;

/** After a scan: either straight to a result (exit gate, unknown person offline, …) or to the face check. */
export const ScanResponse = z.discriminatedUnion('next', [
  z.object({ next: z.literal('result'), result: GateResult }),
  z.object({
    next: z.literal('face'),
    sessionId: z.string(),
    /** first name only, for "Halo, Budi" — never the NIK */
    greetingName: z.string().nullable(),
    challenge: Challenge,
    deadline: z.string(),
  }),
]);
export type ScanResponse = z.infer<typeof ScanResponse>;

export const SubmitFrameArgs = z.object({ sessionId: z.string().min(1).max(100), jpegBase64 });
export type SubmitFrameArgs = z.infer<typeof SubmitFrameArgs>;

/** Live guidance while the face check runs; `result` is set when the check finished (or timed out → REFER). */
export const FrameFeedback = z.object({
  guidance: z.object({ code: z.string(), message: Bilingual }).nullable(),
  progress: z.number().min(0).max(1),
  challengePrompt: Bilingual.nullable(),
  result: GateResult.nullable(),
});
export type FrameFeedback = z.infer<typeof FrameFeedback>;

export const StaffDecision = z.object({
  visitId: z.string(),
  at: z.string(),
  outcome: Outcome,
  reason: z.string(),
  staffMessage: Bilingual,
  displayName: z.string().nullable(),
  /** "3271 **** **** 0009": enough for a guard to tell the visitor apart (kept in memory only), null after a restart */
  maskedNik: z.string().nullable(),
  /** the gate that decided */
  gateName: z.string().nullable(),
  overridden: z.object({ outcome: Outcome, reason: z.string(), at: z.string() }).nullable(),
});
export type StaffDecision = z.infer<typeof StaffDecision>;

/** The override reason codes and their words (sync/protocol/override-reasons.ts), for the staff panel's list. */
export { OVERRIDE_REASONS, OVERRIDE_REASON_CODES, OVERRIDE_NOTE_MAX, hasNikLikeDigits } from '../../sync/protocol/override-reasons';
export type { OverrideReasonCode } from '../../sync/protocol/override-reasons';
/** A fixed reason code and an optional short note (a NIK-like digit run in it is refused by the kiosk). */
export const OverrideArgs = z.object({
  token: staffToken, visitId: z.string().min(1).max(100), outcome: Outcome,
  reason: OverrideReasonCode, note: z.string().trim().max(OVERRIDE_NOTE_MAX).nullable().optional(),
});
export type OverrideArgs = z.infer<typeof OverrideArgs>;

export const RegisterVisitorArgs = z.object({
  token: staffToken,
  nik: z.string().min(1).max(40),
  name: z.string().trim().min(2).max(100),
  consent: z.literal(true),
  selfieJpegBase64: jpegBase64,
});
export type RegisterVisitorArgs = z.infer<typeof RegisterVisitorArgs>;

export const CheckOutArgs = z.object({ token: staffToken, visitId: z.string().min(1).max(100) });
export type CheckOutArgs = z.infer<typeof CheckOutArgs>;

export const ProvisionArgs = z.object({
  serverUrl: z.string().url().max(500),
  code: z.string().trim().min(4).max(64),
  adminPin: pin,
  cameraId: z.string().max(500).nullable(),
  /** optional separate PIN for security staff (staff panel only: no setup, no leaving kiosk mode); without it the admin PIN opens the staff panel */
  staffPin: pin.optional(),
});
export type ProvisionArgs = z.infer<typeof ProvisionArgs>;

export const Diagnostics = z.object({
  appVersion: z.string(),
  deviceId: z.string().nullable(),
  sync: KioskState.shape.sync.extend({ lastError: z.string().nullable(), clockOffsetMs: z.number().nullable(), deadLetters: z.number().int() }),
  engine: KioskState.shape.engine.extend({ msPerFrame: z.number().nullable() }),
  cameraFps: z.number().nullable(),
  storage: z.object({ dbBytes: z.number(), freeBytes: z.number().nullable() }),
  alerts: z.array(z.object({ at: z.string(), code: z.string(), message: Bilingual })),
  /** the venue policy in force: the city's signed version (0 = the kiosk's defaults) and its values */
  policy: z.object({
    version: z.number().int(),
    issuedAt: z.string().nullable(),
    values: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    /** every field of the policy in force as staff read it (label and value in words; a limit not set reads "no limit") */
    rules: z.array(z.object({ field: z.string(), label: Bilingual, value: Bilingual })).optional(),
  }).optional(),
});
export type Diagnostics = z.infer<typeof Diagnostics>;

/** Channel name → argument schema. The trusted side validates every call against this table. */
export const channels = {
  getState: z.object({}),
  submitScan: SubmitScanArgs,
  submitFrame: SubmitFrameArgs,
  cancelSession: z.object({ sessionId: z.string().min(1).max(100) }),
  staffUnlock: z.object({ pin }),
  staffLock: z.object({ token: staffToken }),
  recentDecisions: z.object({ token: staffToken }),
  override: OverrideArgs,
  registerVisitor: RegisterVisitorArgs,
  checkOut: CheckOutArgs,
  provision: ProvisionArgs,
  setCamera: z.object({ token: staffToken, cameraId: z.string().max(500).nullable() }),
  reportCameraFps: z.object({ fps: z.number().min(0).max(240) }),
  diagnostics: z.object({ token: staffToken }),
  exportLogs: z.object({ token: staffToken }),
  exitKiosk: z.object({ pin }),
} as const;
export type Channel = keyof typeof channels;
export type ArgsOf<C extends Channel> = z.infer<(typeof channels)[C]>;

/** What each channel answers (inside Result). */
export interface Answers {
  getState: KioskState;
  submitScan: ScanResponse;
  submitFrame: FrameFeedback;
  cancelSession: { cancelled: boolean };
  staffUnlock: { token: string; expiresAt: string };
  staffLock: { locked: true };
  recentDecisions: StaffDecision[];
  override: StaffDecision;
  registerVisitor: { registrationId: string; queued: boolean };
  checkOut: { occupancy: number };
  provision: { deviceId: string; venueName: string; gateName: string; mode: GateMode };
  setCamera: { cameraId: string | null };
  reportCameraFps: { recorded: true };
  diagnostics: Diagnostics;
  exportLogs: { fileName: string; text: string };
  exitKiosk: { exiting: boolean };
}

/** The API object the renderer sees as `window.kiosk` (Electron) or builds over HTTP (browser host). */
export type KioskApi = { [C in Channel]: (args: ArgsOf<C>) => Promise<Result<Answers[C]>> };

/** Where the browser host serves the contract: POST `${API_PREFIX}/<channel>` with the JSON args. */
export const API_PREFIX = '/api/v1';
/** Electron IPC channel names are prefixed so no other channel can be mistaken for ours. */
export const ipcChannel = (c: Channel): string => `kiosk:${c}`;

/**
 * Browser host only: a per-launch secret the host writes into the served index.html as
 * `<meta name="${API_TOKEN_META}" content="...">`; the screens send it back on every API call in the
 * `${API_TOKEN_HEADER}` header. Other local pages cannot read it (same-origin policy) and cannot send a
 * custom header cross-origin without a CORS preflight the host never grants.
 */
export const API_TOKEN_META = 'jejak-api-token';
export const API_TOKEN_HEADER = 'x-jejak-token';
