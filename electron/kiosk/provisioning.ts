// First run (IT staff): enrol against the city server with a one-time code through the sync agent, set
// the admin PIN and the camera. Re-provisioning a set-up kiosk is refused (reset the data folder instead).
import type { Answers, ProvisionArgs } from '../contract/kiosk-api';
import type { KioskContext } from './context';
import { KioskError } from './messages';
import { hashKioskPins } from './pin';

export async function provision(ctx: KioskContext, args: ProvisionArgs): Promise<Answers['provision']> {
  const { store, sync, settings, log } = ctx.deps;
  if (store.getDeviceConfig()) throw KioskError.of('ALREADY_PROVISIONED');
  const enrolled = await sync.enrol(args.serverUrl, args.code);
  if (!enrolled.ok) {
    log.warn('provision.failed', { code: enrolled.error.code });
    throw new KioskError(enrolled.error);
  }
  const config = ctx.requireConfig();
  settings.save({
    ...settings.load(),
    ...hashKioskPins(args.adminPin, args.staffPin),
    cameraId: args.cameraId,
    gateName: enrolled.gateName ?? null,
  });
  store.appendAudit({ actor: 'admin', action: 'device.provision', target: config.deviceId, detail: { venueId: config.venueId, gateId: config.gateId } });
  log.info('provision.done', { deviceId: config.deviceId, gateMode: config.gateMode });
  sync.start();
  return { deviceId: config.deviceId, venueName: config.venueName ?? config.venueId, gateName: enrolled.gateName ?? config.gateId, mode: config.gateMode };
}
