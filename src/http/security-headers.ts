import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import helmet, { type HelmetOptions } from 'helmet';
import type { AppInstance } from './app-instance.ts';

/**
 * Helmet's options for every response: a CSP without `unsafe-inline` (the pages' only script and styles are served
 * from /static and /assets), framing refused, and HSTS only behind HTTPS.
 */
export function securityHeaderOptions(isSecure: boolean): Readonly<HelmetOptions> {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
    strictTransportSecurity: isSecure,
  };
}

/** A response that keeps the header names as they were set (Node keeps them in lower case), in their order. */
class CapturingResponse extends ServerResponse {
  readonly captured = new Map<string, readonly [string, string]>();

  override setHeader(name: string, value: number | string | readonly string[]): this {
    this.captured.set(name.toLowerCase(), [name, String(value)]);
    return super.setHeader(name, value);
  }

  override removeHeader(name: string): void {
    this.captured.delete(name.toLowerCase());
    super.removeHeader(name);
  }
}

/**
 * The headers helmet sets with these options, in its order, captured by running its middleware once against a
 * response that no client sees. None of them depends on the request (no CSP nonces, no directive functions).
 */
export function computeSecurityHeaders(options: Readonly<HelmetOptions>): ReadonlyArray<readonly [string, string]> {
  const response = new CapturingResponse(new IncomingMessage(new Socket()));
  helmet(options)(response.req, response, (error) => {
    if (error) throw error;
  });
  return [...response.captured.values()];
}

/**
 * Sets the security headers on every response (pages, API, static files, errors). @fastify/helmet built helmet's
 * middleware anew for each request, parsing the CSP's directives each time; the values never change, so they are
 * computed once at start-up. They are set on the raw response as helmet did, so a route's own header of the same
 * name (Swagger UI's CSP) still replaces them.
 */
export function registerSecurityHeaders(app: AppInstance, options: Readonly<HelmetOptions>): void {
  const headers = computeSecurityHeaders(options);
  app.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });
}
