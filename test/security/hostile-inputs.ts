/** One hostile request body or query string, with how it is sent. */
export type HostileInput =
  | { kind: 'json'; body: unknown }
  | { kind: 'form'; body: string }
  | { kind: 'raw'; body: Buffer | string; contentType: string | undefined }
  | { kind: 'query'; query: string };

/** The marker every script payload carries, so a reflected copy in a response can be recognised. */
export const scriptMarker = 'lb-xss-';

const hexDigits = Buffer.from('0123456789abcdef', 'latin1');

/**
 * Percent-encodes every byte (lower-case hex); unlike encodeURIComponent it accepts lone surrogates (as U+FFFD).
 * Written byte by byte into one buffer: a 200,000-character input made a string per byte, which was a fifth of the
 * abuse test's CPU time.
 */
function percentEncode(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  const encoded = Buffer.allocUnsafe(bytes.length * 3);
  for (let index = 0; index < bytes.length; index += 1) {
    const byte = bytes[index] ?? 0;
    encoded[index * 3] = 0x25; // '%'
    encoded[index * 3 + 1] = hexDigits[byte >> 4] ?? 0;
    encoded[index * 3 + 2] = hexDigits[byte & 15] ?? 0;
  }
  return encoded.toString('latin1');
}

function createRandom(seed: number): () => number {
  // mulberry32: a tiny deterministic generator, so a failure can be replayed with the same ABUSE_SEED.
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

const fieldNames = [
  'email',
  'name',
  'role',
  'organisationCode',
  'sendLink',
  'next',
  'value',
  'values',
  'answer',
  'answers',
  'revision',
  'label',
  'status',
  'comment',
  'questionKey',
  'contactEmail',
  'contactName',
  'opensAt',
  'closesAt',
  'q',
  'type',
  'before',
  'action',
  'id',
];

/** Generates hostile inputs deterministically from a seed: wrong types, odd strings, pollution keys, bad bytes. */
export function createHostileInputs(seed: number) {
  const random = createRandom(seed);
  const pick = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(random() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  };
  // Larger than the 1 MiB body limit: must be refused with 413 before anything reads it.
  const oversized = `{"value":"${'x'.repeat(1_100_000)}"}`;
  let serial = 0;
  const script = () => {
    serial += 1;
    return `<script>alert("${scriptMarker}${serial}")</script>`;
  };
  const strings = (): string =>
    pick([
      () => script(),
      () => `"><img src=x onerror=alert(1)>${script()}`,
      () => `</textarea></title>${script()}`,
      () => "' OR '1'='1",
      () => "'; DROP TABLE users; --",
      () => '1; DELETE FROM audit_events WHERE 1=1; --',
      () => "x' UNION SELECT email, id FROM users --",
      () => '"; select pg_sleep(0); --',
      () => '\u0000\u0001\u0002\u001b[31m\u007f',
      () => '\r\nSet-Cookie: lb_session=forged\r\n',
      () => '\u202eevil\u202c\ufeff\u200b',
      () => '\ud800\udfff\ud800',
      () => '../../../../etc/passwd',
      () => 'javascript:alert(1)',
      () => '{{7*7}}${7*7}<%= 7*7 %>',
      () => '%00%0d%0a%25%27',
      // Huge strings are rare: each costs the whole stack a parse, and a few per endpoint prove the point.
      () => 'A'.repeat(random() < 0.1 ? 200_000 : Math.floor(random() * 5000)),
      () => 'ä'.repeat(5000),
      () => '0180',
      () => 'administrator',
      () => '-1',
      () => '1e308',
      () => '9007199254740993',
      () => 'NaN',
      () => '',
      () => ' ',
      () => 'a@b.c',
      () => '__proto__',
    ])();
  const scalar = (): unknown =>
    pick([() => strings(), () => null, () => true, () => -1, () => 1e308, () => 0.1, () => Number.MAX_SAFE_INTEGER])();
  const deep = (depth: number): unknown => {
    let value: unknown = scalar();
    for (let level = 0; level < depth; level += 1) value = random() < 0.5 ? [value] : { a: value };
    return value;
  };
  const value = (): unknown =>
    pick([
      () => scalar(),
      () => scalar(),
      () => [scalar(), scalar()],
      () => ({ [pick(fieldNames)]: scalar() }),
      () => deep(5 + Math.floor(random() * 400)),
      () => Array.from({ length: 2000 }, () => 'x'),
    ])();
  const pollution = (): string =>
    pick([
      '{"__proto__":{"polluted":"yes","isAdmin":true}}',
      '{"constructor":{"prototype":{"polluted":"yes"}}}',
      '{"email":"a@b.se","__proto__":{"globalRole":"administrator"}}',
      '{"prototype":{"polluted":"yes"},"toString":"x","hasOwnProperty":1}',
    ]);
  const object = (): Record<string, unknown> => {
    const result: Record<string, unknown> = {};
    const count = 1 + Math.floor(random() * 5);
    for (let index = 0; index < count; index += 1) result[pick(fieldNames)] = value();
    return result;
  };
  const formText = (): string => {
    const pairs: string[] = [];
    const count = 1 + Math.floor(random() * 6);
    for (let index = 0; index < count; index += 1) {
      const key = pick([
        ...fieldNames,
        '__proto__[polluted]',
        'constructor[prototype][polluted]',
        'a[b][c][d]',
        'email[]',
      ]);
      const text = strings();
      pairs.push(`${percentEncode(key)}=${random() < 0.9 ? percentEncode(text) : text.slice(0, 200)}`);
    }
    return pairs.join('&');
  };

  /** The next hostile input for an endpoint; `isQuery` asks for a query string instead of a body. */
  return function next(isQuery: boolean): HostileInput {
    if (isQuery)
      return {
        kind: 'query',
        query:
          random() < 0.2
            ? pick([
                '__proto__[polluted]=1',
                'constructor[prototype][x]=1',
                'a=1&a=2&a[]=3',
                '%ff%fe=%c3%28',
                `q=${'%'.repeat(50)}`,
              ])
            : formText(),
      };
    return pick<() => HostileInput>([
      () => ({ kind: 'json', body: object() }),
      () => ({ kind: 'json', body: object() }),
      () => ({ kind: 'json', body: value() }),
      () => ({ kind: 'form', body: formText() }),
      () => ({ kind: 'form', body: formText() }),
      () => ({ kind: 'raw', body: pollution(), contentType: 'application/json' }),
      () => ({
        kind: 'raw',
        body: pick(['{"email":', '{"a":1}}', '[', '{"a":"\\ud800"}', 'null', '"x"', '1e999']),
        contentType: 'application/json',
      }),
      () => ({
        kind: 'raw',
        body: Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1]),
        contentType: pick(['application/json', 'application/x-www-form-urlencoded', 'text/plain; charset=utf-8']),
      }),
      () => ({
        kind: 'raw',
        body: script(),
        contentType: pick(['text/html', 'application/xml', 'multipart/form-data', 'text/plain', '']) || undefined,
      }),
      () => ({ kind: 'raw', body: oversized, contentType: 'application/json' }),
      () => ({ kind: 'raw', body: '', contentType: 'application/json' }),
    ])();
  };
}
