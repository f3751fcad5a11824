// The /v1 route table and the server's handlers name the same routes: a table entry without a handler
// (or a handler, or a hand-added route, outside the table) stops the server at start-up with a message
// that names it.
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../sync/protocol/api/routes';
import { DEFAULT_CONFIG } from '../../sync/server/config';
import { systemClock } from '../../sync/protocol/clock';
import type { DeviceRouteDeps as RouteDeps } from '../../sync/server/routes/deps';
import { deviceAndAdminHandlers } from '../../sync/server/routes/index';
import { consoleHandlers } from '../../sync/server/console/routes';
import type { ConsoleDeps } from '../../sync/server/console/routes';
import { residentHandlers } from '../../sync/server/residents/routes';
import { reviewHandlers } from '../../sync/server/residents/review-routes';
import type { ResidentsService } from '../../sync/server/residents/service';
import { checkRouteHandlers, registerRoutes } from '../../sync/server/routes/register';
import type { Handlers } from '../../sync/server/routes/register';

// Building the handler map only captures its dependencies; nothing here is called.
const deps = { clock: systemClock, config: { ...DEFAULT_CONFIG } } as unknown as RouteDeps;
const noAuth = { device: async () => undefined, admin: async () => undefined, console: async () => undefined };
const allHandlers = (d: RouteDeps): Handlers => ({ ...deviceAndAdminHandlers(d), ...residentHandlers(d.residents as unknown as ResidentsService), ...reviewHandlers(d.residents as unknown as ResidentsService), ...consoleHandlers(d as unknown as ConsoleDeps) });

describe('route table ⇔ handlers', () => {
  it('the server has exactly one handler for every route of the table', () => {
    const handlers = allHandlers(deps);
    expect(Object.keys(handlers).sort()).toEqual(Object.keys(API_ROUTES).sort());
    expect(() => checkRouteHandlers(API_ROUTES, handlers)).not.toThrow();
  });

  it('refuses to start when a route has no handler, naming the route', async () => {
    const { visits: _gone, ...rest } = allHandlers(deps);
    const app = Fastify();
    expect(() => registerRoutes(app, rest as Handlers, noAuth)).toThrow(/no handler for route\(s\): visits/);
    await app.close();
  });

  it('refuses a handler without a route, naming it', () => {
    const handlers = { ...allHandlers(deps), adminExport: async () => ({}) };
    expect(() => checkRouteHandlers(API_ROUTES, handlers)).toThrow(/handler\(s\) without a route in API_ROUTES: adminExport/);
  });

  it('refuses a route added by hand beside the table', async () => {
    const app = Fastify();
    registerRoutes(app, allHandlers(deps), noAuth);
    expect(() => app.get('/v1/secret', async () => 'x')).toThrow(/GET \/v1\/secret is not in API_ROUTES/);
    await app.close();
  });

  it('leaves the console pages (outside /v1) alone', async () => {
    const app = Fastify();
    registerRoutes(app, allHandlers(deps), noAuth);
    expect(() => app.get('/console/*', async () => 'page')).not.toThrow();
    await app.close();
  });

  it('takes batch limits from the table', () => {
    expect(API_ROUTES.visits.batch.max).toBe(500);
    expect(API_ROUTES.alerts.batch.max).toBe(100);
  });
});
