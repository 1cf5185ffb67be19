import type { FastifyInstance } from 'fastify';

/**
 * The Content-Security-Policy of every page the server sends (R7): scripts only from this origin, no inline script,
 * no eval. Styles allow inline `<style>` because Mantine writes its CSS variables that way; images may be data: and
 * blob: URLs (previews of uploads). Nothing may frame the app.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const always: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

/**
 * Security headers on every answer, the API docs page (Swagger UI, which loads its scripts as files) included; a route
 * that set its own CSP (file downloads are sandboxed) keeps it.
 */
export function registerSecurityHeaders(app: FastifyInstance) {
  app.addHook('onSend', async (_request, reply, payload) => {
    for (const [name, value] of Object.entries(always)) if (!reply.hasHeader(name)) reply.header(name, value);
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', contentSecurityPolicy);
    return payload;
  });
}
