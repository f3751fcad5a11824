// The generated OpenAPI document passes an independent linter (Redocly's strict recommended rules:
// structure, security on every operation, servers, responses) and says what a client must handle:
// open routes are `security: []`, the trace's CSV, and 429/503 with Retry-After.
// The linter is a devDependency (@redocly/openapi-core), imported like any other: without it the test fails.
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../sync/protocol/api/routes';
import type { RouteSpec } from '../../sync/protocol/api/routes';
import { openApiDocument } from '../../sync/server/openapi';

type Op = { security?: unknown[]; responses: Record<string, { headers?: Record<string, unknown>; content?: Record<string, unknown> }> };
const doc = openApiDocument() as { servers?: Array<{ url: string }>; paths: Record<string, Record<string, Op>> };
const op = (path: string, method: string): Op => doc.paths[path]![method]!;

describe('OpenAPI document', () => {
  it('has no problem under Redocly recommended-strict', async () => {
    const config = await createConfig({ extends: ['recommended-strict'] });
    const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: '/v1/openapi.json', config });
    expect(problems.map((p) => `${p.ruleId} ${p.location[0]?.pointer ?? ''}: ${p.message}`)).toEqual([]);
  }, 60_000);

  it('names the server, the open routes and every route of the table', () => {
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]);
    for (const spec of Object.values(API_ROUTES) as RouteSpec[]) {
      const o = op(spec.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}'), spec.method.toLowerCase());
      if (spec.auth === 'none' && !spec.session) expect(o.security, spec.path).toEqual([]);
      else if (spec.auth !== 'console' || !spec.public) expect(o.security!.length, spec.path).toBeGreaterThan(0);
    }
    expect(op('/v1/health', 'get').security).toEqual([]);
    expect(op('/v1/residents/me', 'get').security).toEqual([{ residentSession: [] }]);
  });

  it('documents the trace CSV and the 429/503 answers with Retry-After', () => {
    expect(Object.keys(op('/v1/admin/trace', 'get').responses['200']!.content!)).toEqual(['application/json', 'text/csv']);
    const visits = op('/v1/visits', 'post').responses;
    expect(visits['429']!.headers).toHaveProperty('Retry-After');
    expect(visits['503']!.headers).toHaveProperty('Retry-After');
    expect(op('/v1/enrol', 'post').responses['429']!.headers).toHaveProperty('Retry-After');
    expect(op('/v1/health', 'get').responses['429']).toBeUndefined();
  });
});
