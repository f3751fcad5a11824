// Small conversions every console handler needs: stored epoch ms to the API's ISO text, and the caller's
// address as the audit log records it.
import type { FastifyRequest } from 'fastify';

export const iso = (ms: number): string => new Date(ms).toISOString();
export const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));
export const addr = (req: FastifyRequest): string | null => req.ip ?? null;
