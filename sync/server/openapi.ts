// OpenAPI 3.1 document generated from the same zod schemas the server validates with. Every answer a
// client must handle is in it: open routes say `security: []`, the trace's CSV beside its JSON, and the
// 429 (rate limit) and 503 (database unavailable) answers with their Retry-After header.
// tests/unit/openapi-lint.test.ts lints it with Redocly's recommended rules.
import { z } from 'zod';
import { ErrorBody } from '../protocol/api/common';
import { API_ROUTES } from '../protocol/api/routes';
import type { RouteSpec } from '../protocol/api/routes';
import { SERVER_VERSION } from './version';

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

function parameters(spec: RouteSpec): unknown[] {
  const out: unknown[] = [];
  const add = (schema: z.ZodType | undefined, where: 'query' | 'path') => {
    if (!schema) return;
    const js = json(schema) as { properties?: Record<string, unknown>; required?: string[] };
    for (const [name, s] of Object.entries(js.properties ?? {})) out.push({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema: s });
  };
  add(spec.query, 'query');
  add(spec.params, 'path');
  return out;
}

/** Seconds to wait before trying again (429: the limiter's wait; 503: 5). */
const retryAfter = { 'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer', minimum: 1 } } };

function errorAnswer(description: string, headers?: Record<string, unknown>): unknown {
  return { description, ...(headers ? { headers } : {}), content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } } };
}

function successAnswer(spec: RouteSpec): unknown {
  const content: Record<string, unknown> = spec.response.schema
    ? { 'application/json': { schema: json(spec.response.schema) } }
    : { [spec.response.contentType ?? 'application/octet-stream']: { schema: { type: 'string', contentMediaType: spec.response.contentType ?? 'application/octet-stream' } } };
  if (spec.alternative) content[spec.alternative.contentType] = { schema: { type: 'string', contentMediaType: spec.alternative.contentType } };
  const description = spec.alternative ? `OK. With ${spec.alternative.when}: ${spec.alternative.description}` : 'OK';
  return { description, content };
}

function security(spec: RouteSpec): Record<string, unknown> {
  if (spec.auth === 'device') return { security: [{ deviceSignature: [] }] };
  if (spec.auth === 'admin') return { security: [{ adminToken: [] }] };
  if (spec.auth === 'console' && !spec.public) return { security: [{ consoleSession: [] }, { consoleApiKey: [] }], 'x-roles': spec.roles };
  if (spec.session === 'resident') return { security: [{ residentSession: [] }] };
  // open to anyone (health, this document, enrolment by code, console login, residents' sign-up)
  return { security: [] };
}

let cached: unknown = null;

export function openApiDocument(): unknown {
  if (cached) return cached;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [name, spec] of Object.entries(API_ROUTES) as Array<[string, RouteSpec]>) {
    const path = spec.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const op: Record<string, unknown> = {
      operationId: name,
      summary: spec.summary,
      parameters: parameters(spec),
      responses: {
        [String(spec.response.status)]: successAnswer(spec),
        ...(spec.auth === 'device' || spec.limited ? { 429: errorAnswer('Too many requests (rate_limited, login_locked): wait Retry-After seconds', retryAfter) } : {}),
        '4XX': errorAnswer('Error with a reason code'),
        // the error handler's answer when the database does not answer: nothing was committed, try again
        503: errorAnswer('Unavailable (database restarting or busy): nothing was committed; retry after Retry-After seconds', retryAfter),
      },
      ...security(spec),
    };
    if (spec.body) op.requestBody = { required: true, content: { 'application/json': { schema: json(spec.body) } } };
    (paths[path] ??= {})[spec.method.toLowerCase()] = op;
  }
  cached = {
    openapi: '3.1.0',
    info: { title: 'Jejak city server', version: SERVER_VERSION, license: { name: 'MIT', identifier: 'MIT' }, description: 'Device requests are signed (RFC 9421, Ed25519) over ("@method" "@path" "@query" "content-digest") with created, keyid, nonce.' },
    // the document is served by the server it describes (GET /v1/openapi.json): paths are relative to it
    servers: [{ url: '/', description: 'This city server' }],
    components: {
      schemas: { ErrorBody: json(ErrorBody) },
      securitySchemes: {
        deviceSignature: { type: 'apiKey', in: 'header', name: 'Signature', description: 'RFC 9421 HTTP Message Signature with Signature-Input and Content-Digest' },
        adminToken: { type: 'http', scheme: 'bearer' },
        consoleSession: { type: 'apiKey', in: 'cookie', name: 'jejak_console', description: 'Console session (POST /v1/console/login); state-changing requests also send X-CSRF-Token' },
        consoleApiKey: { type: 'http', scheme: 'bearer', description: 'Named console API key jk_<id>_<secret> with a role' },
        residentSession: { type: 'http', scheme: 'bearer', description: 'Resident session from POST /v1/residents/session (live face check), for /saya/' },
      },
    },
    paths,
  };
  return cached;
}
