// A QR/NIK read at the gate. Bad input (forged or expired pass, bad NIK) is refused with the rules' own
// bilingual error and records nothing. At an exit gate the read checks the visitor out (no face check).
// At an entry gate: the registration is taken from the cache, else looked up on demand (short timeout;
// offline → the rules REFER "not registered"), then the face check opens — or, with no working engine,
// the rules decide at once (REFER ENGINE_UNAVAILABLE when the policy requires a face). In the first seconds
// after a start the engine is still loading: the scan waits for it (the screen shows "Menyiapkan pemeriksaan
// wajah… / Preparing the face check…") up to ENGINE_WAIT_MS and then goes on with the normal check, so the
// visitor does not have to show the code again. Only when the bound passes is the visitor asked to wait and
// scan again (ENGINE_LOADING, nothing recorded); an engine that failed meanwhile is decided as today.
import type { ScanResponse, SubmitScanArgs } from '../contract/kiosk-api';
import { maskNik } from '../../sync/protocol/nik';
import { readScan } from '../../sync/protocol/scan';
import { openName } from '../../sync/protocol/api/registration-name';
import type { Registration } from '../store/types';
import type { KioskContext } from './context';
import type { FaceSessions } from './face-sessions';
import { firstName } from './first-name';
import { decideAtGate } from './gate-decision';
import { entryBarred } from '../../sync/protocol/decision';
import { KioskError, PUBLIC } from './messages';
import { identityOf, occupancyView, recordDecision } from './record-visit';
import { toEngineTemplate } from './templates';

/**
 * Registrations from the city carry the display name sealed under a key derived from the NIK (a leaked
 * kiosk DB does not list names); it opens only now, with the NIK just read. Local registrations hold it plainly
 * (encrypted at rest by the store).
 */
function readableName(reg: Registration | null, nikHashKey: string, nik: string): string | null {
  if (!reg) return null;
  if (reg.origin === 'local') return reg.displayName;
  return openName(nikHashKey, nik, reg.displayName);
}


/** how long a scan waits for a face engine that is still loading (a cold start loads it in ~3–6 s) */
export const ENGINE_WAIT_MS = 15_000;

export async function handleScan(ctx: KioskContext, faces: FaceSessions, args: SubmitScanArgs): Promise<ScanResponse> {
  const { store, log, sync, face } = ctx.deps;
  const config = ctx.requireConfig();
  const now = ctx.now();
  const read = readScan(args.text, { keys: config.cityPublicKeys, now });
  if (!read.ok) {
    log.info('scan.refused', { source: args.source, code: read.error.code });
    throw new KioskError({ code: read.error.code, message: read.error.message });
  }
  const claim = read.claim;
  const nikHash = store.hashNik(claim.nik.nik);

  if (config.gateMode === 'exit') {
    const rec = store.recordVisit({ direction: 'exit', outcome: 'ADMIT', reason: 'CHECK_OUT', nikHash, identity: identityOf(claim), registrationId: claim.kind === 'credential' ? claim.credential.rid : null, riskListVersion: store.riskListMeta()?.version ?? null });
    log.info('gate.checkout', { visitId: rec.id, closed: rec.checkedOutVisitId !== null });
    sync.syncNow();
    return { next: 'result', result: { outcome: 'ADMIT', publicMessage: { ...PUBLIC.GOODBYE }, visitId: rec.id, occupancy: occupancyView(ctx), checkedOut: rec.checkedOutVisitId !== null } };
  }

  let registration = store.getRegistration(nikHash);
  if (!registration) {
    const looked = await sync.lookupRegistration(nikHash);
    log.info('scan.lookup', { result: looked });
    if (looked === 'found') registration = store.getRegistration(nikHash);
  }
  const risk = store.lookupRisk(nikHash);
  const registrationId = registration?.registrationId ?? (claim.kind === 'credential' ? claim.credential.rid : null);
  const displayName = readableName(registration, config.nikHashKey, claim.nik.nik) ?? (claim.kind === 'credential' ? claim.credential.name : null);
  const decideNow = (faceFact: Parameters<typeof decideAtGate>[1]['face']): ScanResponse => {
    // A valid city credential proves a registration even when this device has no copy of it yet.
    const decision = decideAtGate(ctx, { claim, registered: registration !== null || claim.kind === 'credential', face: faceFact, risk, registrationUnverified: registration?.verified === false });
    const result = recordDecision(ctx, decision, { nikHash, identity: identityOf(claim), registrationId, displayName, maskedNik: maskNik(claim.nik.nik), faceDistance: null, livenessScore: null });
    return { next: 'result', result };
  };

  const policy = ctx.policy();
  // Closed, or the NIK's age outside the policy's limits: turned away whatever the face would show, so
  // the visitor is not asked for a face check first (the rules give the same answer after one).
  if (entryBarred({ policy, now, birthDate: claim.nik.birthDate })) return decideNow({ kind: 'skipped' });
  if (!policy.requireFace) return decideNow({ kind: 'skipped' });
  if (!registration) return decideNow(claim.kind === 'credential' ? { kind: 'no-template' } : { kind: 'skipped' });
  let engine = face.get();
  if (!engine && face.loadError() === null && face.settled) {
    const waitMs = ctx.deps.engineWaitMs ?? ENGINE_WAIT_MS;
    const started = performance.now();
    await face.settled(waitMs);
    engine = face.get();
    log.info('face.engine_waited', { ms: Math.round(performance.now() - started), ready: engine?.status().ready ?? false, code: face.loadError()?.code ?? null });
  }
  if (!engine && face.loadError() === null) {
    log.warn('face.engine_unavailable', { code: 'LOADING' });
    throw KioskError.of('ENGINE_LOADING');
  }
  if (!engine || !engine.status().ready) {
    log.warn('face.engine_unavailable', { code: engine?.status().error?.code ?? face.loadError()?.code ?? 'LOADING' });
    return decideNow({ kind: 'unavailable' });
  }
  const status = engine.status();
  const templates = registration.templates.filter((t) => t.modelId === status.recognitionModel).map(toEngineTemplate);
  if (templates.length === 0) return decideNow({ kind: 'no-template' });

  let engineSession;
  try {
    engineSession = engine.startSession({ policy: { challenge: policy.challenge, requirePassive: policy.requirePassive }, minGoodFrames: policy.minGoodFrames });
  } catch (err) {
    log.error('face.session_failed', { error: err });
    return decideNow({ kind: 'unavailable' });
  }
  const deadlineMs = now.getTime() + policy.faceTimeoutSeconds * 1000;
  const s = faces.open({ engineSession, claim, nikHash, registrationId, displayName, templates, risk, registrationUnverified: registration?.verified === false, deadlineMs, minGoodFrames: policy.minGoodFrames });
  log.info('face.session_open', { sessionId: s.id, challenge: policy.challenge });
  // A NIK alone is public in Indonesia (printed, leaked, guessable from birth date and region): greeting
  // its holder by name before the face matched would tell anyone who types a NIK whose it is. Only a
  // city QR pass, which prints the name itself, is greeted now.
  const greetingName = claim.kind === 'credential' ? firstName(displayName) : null;
  return { next: 'face', sessionId: s.id, greetingName, challenge: policy.challenge, deadline: new Date(deadlineMs).toISOString() };
}
