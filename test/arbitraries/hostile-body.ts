import fc from 'fast-check';

/** A request body as bytes on the wire, with the headers that describe it. */
export interface HostileRequest {
  bytes: Buffer;
  contentType: string;
  contentEncoding?: string;
  /** What the generator built, for the failure report. */
  label: string;
}

const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype);
const FIELDS = ['name', 'owner', 'comment', 'redirect_uris', 'metadata', 'jwks', 'scopes', 'client_defaults'];
const memberName = fc.oneof(
  fc.constantFrom(...PROTOTYPE_NAMES, ...FIELDS, '', 'a\u0000b', '\ud800', 'x'.repeat(300)),
  fc.string({ maxLength: 12 }),
);

/** Strings that have broken something somewhere: controls, surrogates, bidi overrides, look-alike wildcards. */
const nastyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '\u0000',
    '\u001b[2J',
    '\ud800',
    '\udfff',
    '\u202e',
    '\ufeff',
    'a\r\nb',
    'https://%2A.example.com/cb',
    'http://0x7f000001/cb',
    'http://127.1/cb',
    'https:///cb',
    'https://\uff0a.example.com/cb',
    'x'.repeat(70_000),
  ),
);

const nest = (depth: number, open: string, close: string, leaf: string) =>
  open.repeat(depth) + leaf + close.repeat(depth);

/** JSON text built to cost the server work: deep, long, wide or odd. */
const hostileJson: fc.Arbitrary<[string, string]> = fc.oneof(
  fc.integer({ min: 14, max: 30_000 }).map((d): [string, string] => [`deep object ${d}`, nest(d, '{"a":', '}', '1')]),
  fc
    .integer({ min: 14, max: 30_000 })
    .map((d): [string, string] => [`deep array ${d}`, `{"redirect_uris":${nest(d, '[', ']', '1')}}`]),
  fc
    .integer({ min: 900, max: 60_000 })
    .map((n): [string, string] => [`long array ${n}`, `{"scopes":[${'"s",'.repeat(n)}"s"]}`]),
  fc
    .integer({ min: 50, max: 20_000 })
    .map((n): [string, string] => [`wide ${n}`, `{${Array.from({ length: n }, (_, i) => `"f${i}":${i}`).join(',')}}`]),
  fc
    .dictionary(memberName, fc.oneof(nastyString, fc.jsonValue({ maxDepth: 3 })), { maxKeys: 20 })
    .map((o): [string, string] => ['odd members', JSON.stringify(o)]),
  fc
    .array(fc.record({ name: nastyString, value: nastyString, locale: nastyString }), { maxLength: 120 })
    .map((metadata): [string, string] => [
      'metadata',
      JSON.stringify({ name: 'n', metadata, redirect_uris: ['https://a.example/cb'] }),
    ]),
  fc.jsonValue().map((v): [string, string] => ['any JSON', JSON.stringify(v) ?? 'null']),
  fc.constantFrom<[string, string]>(
    ['huge number', '{"access_token_ttl": 1e999, "name": -0}'],
    ['lone surrogate escape', '{"name": "\\ud800"}'],
    ['nul escape', '{"name": "\\u0000"}'],
    ['duplicate members', '{"name": "a", "name": "b", "name": {"x": 1}}'],
    ['proto', '{"__proto__": {"x": 1}}'],
    ['constructor.prototype', '{"constructor": {"prototype": {"x": 1}}}'],
    ['truncated', '{"name": "a'],
    ['empty', ''],
  ),
);

/** Hostile JSON text, or bytes that are not UTF-8, under headers that are right, wrong or odd. */
export const hostileRequest: fc.Arbitrary<HostileRequest> = fc
  .tuple(
    fc.oneof(
      { weight: 5, arbitrary: hostileJson.map(([label, text]) => ({ label, bytes: Buffer.from(text) })) },
      {
        weight: 1,
        arbitrary: fc
          .uint8Array({ maxLength: 200 })
          .map((raw) => ({ label: 'bytes', bytes: Buffer.concat([Buffer.from('{"name":"'), raw, Buffer.from('"}')]) })),
      },
    ),
    fc.oneof(
      { weight: 6, arbitrary: fc.constant('application/json') },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          'application/json; charset=latin1',
          'application/json; charset=utf-16',
          'application/json; charset="UTF-8"',
          'text/plain',
          'application/x-www-form-urlencoded',
          'application/json; boundary=x; charset=utf-8; charset=ascii',
        ),
      },
    ),
    fc.option(fc.constantFrom('gzip', 'br', 'deflate', 'identity', 'x'), { freq: 6 }),
  )
  .map(([body, contentType, contentEncoding]) => ({
    ...body,
    contentType,
    ...(contentEncoding ? { contentEncoding } : {}),
  }));
