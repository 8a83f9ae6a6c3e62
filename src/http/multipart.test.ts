import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMultipartBody, readBoundary } from './multipart.ts';

test('a multipart body gives its text fields and its file, bytes unchanged', () => {
  const bytes = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x0d, 0x0a, 0x2d, 0x2d, 0xff]);
  const body = Buffer.concat([
    Buffer.from('--XyZ\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\ntoken-1\r\n'),
    Buffer.from(
      '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="v.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n',
    ),
    bytes,
    Buffer.from('\r\n--XyZ--\r\n'),
  ]);
  assert.equal(readBoundary('multipart/form-data; boundary=XyZ'), 'XyZ');
  const fields = parseMultipartBody(body, 'XyZ');
  assert.equal(fields._csrf, 'token-1');
  assert.deepEqual(fields.file, { fileName: 'v.xlsx', content: bytes });
});

test('a body without the boundary or cut short is refused', () => {
  assert.throws(() => parseMultipartBody(Buffer.from('hello'), 'XyZ'), /no multipart boundary/);
  assert.throws(
    () => parseMultipartBody(Buffer.from('--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue'), 'XyZ'),
    /unterminated/,
  );
});
