// On-the-spot registration by staff for a visitor without the app: NIK rules, consent, a selfie through
// the engine's quality gate. Stored locally at once (template + encrypted NIK/name/selfie) so the person
// can pass the gate straight away, and queued for the server, which re-derives its own template.
import type { RegisterVisitorArgs } from '../contract/kiosk-api';
import { parseNik } from '../../sync/protocol/nik';
import type { KioskContext } from './context';
import { bilingual } from '../../sync/protocol/bilingual';
import { KioskError } from './messages';
import { fromEngineTemplate } from './templates';

export async function registerVisitor(ctx: KioskContext, args: RegisterVisitorArgs): Promise<{ registrationId: string; queued: boolean }> {
  const session = ctx.auth.require(args.token);
  const { store, face, log, sync } = ctx.deps;
  ctx.requireConfig();
  const nik = parseNik(args.nik, { today: ctx.now() });
  if (!nik.ok) throw new KioskError({ code: nik.error.code, message: nik.error.message });
  const nikHash = store.hashNik(nik.value.nik);
  if (store.getRegistration(nikHash)) throw KioskError.of('ALREADY_REGISTERED');

  const engine = face.get();
  // still loading (the first seconds after a start): staff may try again in a moment
  if (!engine && face.loadError() === null) throw KioskError.of('ENGINE_LOADING');
  if (!engine || !engine.status().ready) throw KioskError.of('ENGINE_UNAVAILABLE');
  const selfie = Buffer.from(args.selfieJpegBase64, 'base64');
  const enrol = await engine.enrolFromImage(selfie);
  if (!enrol.ok) {
    log.info('register.selfie_refused', { code: enrol.quality.code });
    throw new KioskError({ code: `SELFIE_${enrol.quality.code}`, message: enrol.quality.message });
  }
  const queued = store.queueLocalRegistration({
    nik: nik.value.nik,
    displayName: args.name.trim(),
    template: fromEngineTemplate(enrol.template),
    selfieJpeg: selfie,
    consentAt: ctx.now().toISOString(),
    actor: session.role,
  });
  store.appendAudit({ actor: session.role, action: 'registration.local', target: queued.id, detail: { consent: true } });
  log.info('register.queued', { registrationId: queued.id });
  sync.syncNow();
  return { registrationId: queued.id, queued: true };
}

export const REGISTER_HELP = bilingual({ id: 'Pendaftaran tersimpan dan akan dikirim ke server', en: 'Registration saved and will be sent to the server' });
