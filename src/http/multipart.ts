/**
 * A small reader of `multipart/form-data` bodies for the few forms that upload one file (a questionnaire version, a
 * contacts file),
 * so that they work without JavaScript. The body is already bounded by the route's body limit; the parts become one
 * object of text fields and files, which the CSRF hook and the route read like a urlencoded body.
 */
import { AppError } from '../app-error.ts';
import type { AppInstance } from './app-instance.ts';

export type MultipartFile = { fileName: string; content: Buffer };
export type MultipartBody = Record<string, string | MultipartFile>;

const headerEnd = Buffer.from('\r\n\r\n');

/** Reads the boundary from a Content-Type header, or undefined when it has none. */
export function readBoundary(contentType: string): string | undefined {
  const match = /boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

/**
 * Splits a body into its parts; a later part of the same name wins. Throws on a body that is not multipart.
 * @throws Error when the body does not follow the format.
 */
export function parseMultipartBody(body: Buffer, boundary: string): MultipartBody {
  const delimiter = Buffer.from(`--${boundary}`);
  const fields: MultipartBody = {};
  let position = body.indexOf(delimiter);
  if (position < 0) throw new Error('the body has no multipart boundary');
  while (true) {
    position += delimiter.length;
    // "--" after a delimiter ends the body.
    if (body.subarray(position, position + 2).toString('latin1') === '--') return fields;
    if (body.subarray(position, position + 2).toString('latin1') !== '\r\n')
      throw new Error('malformed multipart body');
    position += 2;
    const headersEnd = body.indexOf(headerEnd, position);
    if (headersEnd < 0) throw new Error('malformed multipart part headers');
    const headers = body.subarray(position, headersEnd).toString('utf8');
    const contentStart = headersEnd + headerEnd.length;
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), contentStart);
    if (next < 0) throw new Error('unterminated multipart part');
    const content = body.subarray(contentStart, next);
    const disposition = /^content-disposition:\s*form-data(.*)$/im.exec(headers)?.[1] ?? '';
    const name = /;\s*name="([^"]*)"/i.exec(disposition)?.[1];
    const fileName = /;\s*filename="([^"]*)"/i.exec(disposition)?.[1];
    if (name !== undefined && name !== '' && name !== '__proto__') {
      fields[name] = fileName === undefined ? content.toString('utf8') : { fileName, content: Buffer.from(content) };
    }
    position = next + 2;
  }
}

/**
 * Lets the routes of one plugin read `multipart/form-data` bodies of at most `bodyLimit` bytes (other plugins are
 * unaffected); a body that is not multipart answers 400.
 */
export function addMultipartParser(app: AppInstance, bodyLimit: number): void {
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit }, (request, body, done) => {
    const boundary = readBoundary(String(request.headers['content-type'] ?? ''));
    try {
      if (boundary === undefined) throw new Error('no boundary');
      done(null, parseMultipartBody(Buffer.isBuffer(body) ? body : Buffer.from(body), boundary));
    } catch {
      done(new AppError('bad_request', 'The upload could not be read as multipart/form-data.'), undefined);
    }
  });
}
