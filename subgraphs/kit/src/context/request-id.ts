import { randomUUID } from 'node:crypto';

/** The gateway's own rule for a caller-supplied id (supergraph edge.ts): short, no spaces or markup. */
const requestIdPattern = /^[A-Za-z0-9._-]{8,128}$/;

/**
 * The request id a subgraph logs and audits under: the gateway's `x-request-id` (or the internal client's,
 * which passes its caller's on) when it looks sane, else a new one. Not signed (ADR 0017): a caller of the
 * gateway already chooses it, so it correlates log lines and proves nothing.
 */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && requestIdPattern.test(value) ? value : randomUUID();
}
