// The registrations feed of the device's region, one lookup by NIK hash, and on-the-spot registrations.
import { canonicalJson, nikHash, sha256Hex } from '../../protocol/crypto';
import { parseNik } from '../../protocol/nik';
import type { FaceTemplate } from '../../protocol/api/common';
import { openName, sealName } from '../../protocol/api/registration-name';
import type { RegistrationItem, RegistrationsPage } from '../../protocol/api/registrations';
import { ApiError } from '../http/errors';
import { openJson, sealJson } from '../sealing';
import type { RegistrationRow } from '../store/types';
import { signRegistrationLookup, signRegistrationsPage } from '../../protocol/registrations-feed';
import type { RouteDeps } from './deps';
import type { Handlers } from './register';

function registrationItem(r: RegistrationRow, dataKey: string): RegistrationItem {
  return { rid: r.rid, nikHash: r.nikHash, region: r.region, nameSealed: r.nameSealed, templates: openJson<FaceTemplate[]>(dataKey, r.templates), revoked: r.revoked, verified: r.verified, updatedAt: new Date(r.updatedAt).toISOString() };
}

export function registrationRoutes({ store, keys, clock, admin }: RouteDeps): Pick<Handlers, 'registrations' | 'registrationLookup' | 'pendingRegistration'> {
  return {
    async registrations({ query, device }) {
      const venue = (await store.getVenue(device.venueId))!;
      const after = Number(query.cursor ?? '0');
      const limit = query.limit ?? 200;
      const rows = await store.listRegistrations(venue.region, after, limit + 1);
      const page = rows.slice(0, limit);
      // signed by the city key (issue 10 item 9): the kiosk checks region, cursor and window too
      const body: RegistrationsPage = signRegistrationsPage({
        region: venue.region, cursor: query.cursor ?? '0',
        items: page.map((r) => registrationItem(r, keys.dataKey)), nextCursor: String(page.at(-1)?.seq ?? after), hasMore: rows.length > limit,
      }, keys.activeSigningKey(), clock.now().getTime());
      return body;
    },

    async registrationLookup({ params }) {
      const r = await store.getRegistrationByNikHash(params.nikHash);
      if (!r) throw new ApiError(404, 'registration_not_found');
      return signRegistrationLookup(registrationItem(r, keys.dataKey), keys.activeSigningKey(), clock.now().getTime());
    },

    async pendingRegistration({ body, device }) {
      const nik = parseNik(body.nik);
      if (!nik.ok) return { id: body.id, status: 'rejected', reason: 'nik_invalid', rid: null };
      const hash = nikHash(keys.nikHashKey, nik.value.nik);
      const now = clock.now().getTime();
      const id = body.id.toLowerCase();
      // A retried upload that was held: acknowledged again, held once.
      const held = await store.getRegistrationReview(id);
      if (held) {
        // the review keeps no body hash: the same NIK and name count as the same upload
        const same = held.nikHash === hash && openName(keys.nikHashKey, nik.value.nik, held.nameSealed) === body.name;
        return same
          ? { id: body.id, status: 'duplicate', rid: (await store.getRegistrationByNikHash(hash))?.rid ?? null }
          : { id: body.id, status: 'conflict', reason: 'id_conflict', rid: null };
      }
      // One face, one NIK (issue 12): the guard saw a KTP, but a relative's KTP with an already registered
      // face is exactly the attack, so it is held for an officer (console review queue) and never reaches
      // the registrations feed. The kiosk still gets its acknowledgement (no retries); it learns nothing more.
      const dup = await admin.duplicateFace(body.template, hash);
      if (dup) {
        await store.addRegistrationReview({
          id, nikHash: hash, region: nik.value.regency, nameSealed: sealName(keys.nikHashKey, nik.value.nik, body.name), template: sealJson(keys.dataKey, body.template),
          contactSealed: null, reason: 'duplicate_face', matchedRid: dup.rid, distance: dup.distance, consentTextVersion: body.consent.textVersion, createdAt: now, resolvedAt: null, resolution: null,
        });
        await store.appendAudit({
          at: now, actorKind: 'device', actorId: device.id, actorName: null, actorRole: 'kiosk', action: 'kiosk.registration.held', target: `review:${id}`, purpose: null, address: null,
          details: { reason: 'duplicate_face', matchedRid: dup.rid },
        });
        return { id: body.id, status: 'accepted', rid: (await store.getRegistrationByNikHash(hash))?.rid ?? null };
      }
      const status = await store.addPendingRegistration({
        id: body.id, deviceId: device.id, nikHash: hash, region: nik.value.regency, nameSealed: sealName(keys.nikHashKey, nik.value.nik, body.name),
        template: sealJson(keys.dataKey, body.template), consentAt: Date.parse(body.consent.at), consentTextVersion: body.consent.textVersion, capturedAt: Date.parse(body.capturedAt),
        receivedAt: now, bodyHash: sha256Hex(canonicalJson(body)),
      });
      const existing = await store.getRegistrationByNikHash(hash);
      return { id: body.id, status, ...(status === 'conflict' ? { reason: 'id_conflict' as const } : {}), rid: existing?.rid ?? null };
    },
  };
}
