import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { reasonMessage } from '../../protocol/api/reasons';
import type { ReasonCode } from '../../protocol/api/reasons';
import type { ErrorBody } from '../../protocol/api/common';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ReasonCode,
    readonly details?: Array<{ path: string; message: string }>,
    readonly headers?: Record<string, string>,
  ) {
    super(`${status} ${code}`);
  }
}

export function errorBody(code: ReasonCode, now: number, details?: Array<{ path: string; message: string }>): ErrorBody {
  return { error: { code, message: reasonMessage(code), ...(details ? { details } : {}) }, serverTime: new Date(now).toISOString() };
}

export function sendError(reply: FastifyReply, status: number, code: ReasonCode, now: number, details?: Array<{ path: string; message: string }>): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').send(errorBody(code, now, details));
}

export function zodDetails(error: z.ZodError): Array<{ path: string; message: string }> {
  return error.issues.slice(0, 20).map((i) => ({ path: i.path.join('.') || '(root)', message: i.message }));
}

/** Parses with a schema or throws the API's 400 with the field problems. */
export function parseOr400<T>(schema: z.ZodType<T>, value: unknown, code: ReasonCode = 'invalid_body'): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new ApiError(400, code, zodDetails(r.error));
  return r.data;
}
