import type { FastifyRequest } from 'fastify';
import pino, { type DestinationStream, type Logger } from 'pino';

// A token in a URL signs its reader in: the request log must never hold one. Every route that carries a secret
// in its path or query is listed here; the log shows the route with the secret replaced.
const secretBearingUrls: { pattern: RegExp; replacement: string }[] = [
  // One-time sign-in links: sign-in, invitations and respondents' links are all of this shape.
  { pattern: /^(\/sign-in\/link\/)[^/?#]*/i, replacement: '$1[redacted]' },
  // OpenID Connect return: the authorization code and state.
  { pattern: /^(\/sign-in\/oidc\/callback)\?.*$/i, replacement: '$1?[redacted]' },
];

/** The URL as it may be logged: the token segment of a link route (and the OIDC code) replaced by `[redacted]`. */
export function redactUrl(url: string): string {
  // The router decodes escapes, so `/sign-in/%6Cink/…` reaches the link route too: test the decoded form as well.
  let decoded = url;
  try {
    decoded = decodeURIComponent(url);
  } catch {
    // Malformed escapes reach no route through decoding; the raw form is checked below.
  }
  for (const candidate of decoded === url ? [url] : [url, decoded]) {
    const rule = secretBearingUrls.find(({ pattern }) => pattern.test(candidate));
    if (rule) return candidate.replace(rule.pattern, rule.replacement);
  }
  return url;
}

/** Fastify's request serializer, with the URL redacted. */
function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/** The product's logger: pino at the configured level, with request URLs redacted. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ level, serializers: { req: serializeRequest } }, destination);
}
