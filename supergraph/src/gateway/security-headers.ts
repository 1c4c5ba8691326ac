import type { ServerResponse } from 'node:http';

/**
 * API responses are JSON that no browser should render, frame or sniff: a CSP that allows nothing, no
 * framing, no referrer. HSTS only in production, where the gateway is reached over TLS (a development
 * browser would otherwise pin localhost to https).
 */
const apiCsp = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * The development sandbox (Apollo's landing page) is HTML that carries its own nonce-based CSP in a meta
 * tag, listing Apollo's CDN; the header then only forbids framing (a meta CSP cannot say that).
 */
const sandboxCsp = "frame-ancestors 'none'";

export function setSecurityHeaders(res: ServerResponse, options: { production: boolean }): void {
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('content-security-policy', apiCsp);
  res.setHeader('cross-origin-opener-policy', 'same-origin');
  if (options.production) res.setHeader('strict-transport-security', 'max-age=63072000; includeSubDomains');
}

/** Swaps the API CSP for the sandbox's, on the development landing page only. */
export function allowSandbox(res: ServerResponse): void {
  res.setHeader('content-security-policy', sandboxCsp);
}
