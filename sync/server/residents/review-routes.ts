// The console's review queue of residents' registrations (sync/protocol/api/console-reviews.ts): the
// route table names the role (health) and the preHandler enforces it; the service audits every view and
// decision with the officer as the actor.
import type { ConsoleReviewRouteName } from '../../protocol/api/console-reviews';
import type { Handlers } from '../routes/register';
import type { ResidentsService } from './service';

export function reviewHandlers(residents: ResidentsService): Pick<Handlers, ConsoleReviewRouteName> {
  return {
    consoleRegistrationReviews: async ({ req, principal: p }) => residents.reviewQueue(p.actor, req.ip ?? null),
    consoleDecideRegistrationReview: async ({ req, params, body, principal: p }) => residents.decideReview(params.id, body.decision, body.reason.trim(), p.actor, req.ip ?? null),
    async consoleVerifyRegistration({ req, params, body, principal: p }) {
      const row = await residents.verify(params.rid, p.actor, req.ip ?? null, body.reason.trim());
      return { rid: row.rid, verified: true as const, verifiedAt: new Date(row.verifiedAt ?? row.updatedAt).toISOString() };
    },
  };
}
