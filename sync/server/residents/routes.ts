// /v1/residents/* and the officer's verification: handlers for the route table's resident entries
// (bodies, params already checked against the table's schemas by routes/register.ts).
import type { FastifyRequest } from 'fastify';
import type { ResidentRouteName } from '../../protocol/api/residents';
import type { Handlers } from '../routes/register';
import type { ResidentsService } from './service';

function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  return typeof h === 'string' && h.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
}

export function residentHandlers(residents: ResidentsService): Pick<Handlers, ResidentRouteName> {
  return {
    async residentRegister({ req, reply, body }) {
      const out = await residents.register(body, req.ip);
      // held for review: 202 and no pass
      return out.status === 'registered' ? out : reply.code(202).send(out);
    },
    residentSession: async ({ req, body }) => residents.prove(body, req.ip),
    residentMe: async ({ req }) => residents.data(bearer(req), req.ip),
    async residentRename({ req, body }) {
      await residents.rename(bearer(req), body.name, req.ip);
      return { ok: true as const };
    },
    residentErase: async ({ req }) => residents.erase(bearer(req), req.ip),
    async adminVerifyRegistration({ req, params }) {
      const row = await residents.verify(params.rid, { kind: 'api-key', id: 'legacy-admin', name: null, role: 'city-admin' }, req.ip);
      return { rid: row.rid, verified: true as const, verifiedAt: new Date(row.verifiedAt ?? row.updatedAt).toISOString() };
    },
    adminRegistrationReviews: async () => ({ reviews: await residents.reviews() }),
  };
}
