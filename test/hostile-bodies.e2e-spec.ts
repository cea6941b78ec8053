import { statSync } from 'node:fs';
import { ClientEntity, ClientSecretVerifier, ClientSnapshotEntity } from '@app/clients';
import type { Response } from 'supertest';
import { clientBody, RSA_PUBLIC_JWK } from './factories/client.factory';
import { createTestDatabase, DATABASES } from './support/databases';
import { startTestApp, type TestApp } from './support/test-app';

const SETUPS = '/v2/modules/oauthv2/setups';

function expectProblem(res: Response, status: number, code: string): Record<string, unknown> {
  expect([res.status, res.body.code]).toEqual([status, code]);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  return res.body;
}

const deep = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);

describe.each(DATABASES)('hostile bodies on %s', (kind) => {
  let t: TestApp;
  let setup: string;
  let clients: string;

  beforeAll(async () => {
    t = await startTestApp(kind);
    setup = `${SETUPS}/${(await t.http.post(SETUPS).send({ name: 'test setup' }).expect(201)).body.setupId}`;
    clients = `${setup}/clients`;
  });
  afterAll(() => t.close());

  const storedClients = () => t.dataSource.getRepository(ClientEntity).count();
  const writeEndpoints = async () => {
    const created = (await t.http.post(clients).send(clientBody()).expect(201)).body.clientId;
    return [
      ['post', SETUPS],
      ['put', setup],
      ['post', clients],
      ['put', `${clients}/${created}`],
      ['post', `${clients}/${created}/secret`],
      ['post', `${setup}/resource-servers`],
      ['post', `/v3/modules/oauthv2${setup.slice(SETUPS.length - '/setups'.length)}/clients`],
    ] as const;
  };
  const sendRaw = (method: 'post' | 'put', path: string, json: string) =>
    t.http[method](path).set('content-type', 'application/json').set('if-match', '"1"').send(json);

  describe('bounded work', () => {
    it('answers a body nested 10,000 levels deep with 400 BODY_TOO_COMPLEX naming the limit, on every write endpoint', async () => {
      for (const [method, path] of await writeEndpoints()) {
        const res = await sendRaw(method, path, deep(10_000));
        const problem = expectProblem(res, 400, 'BODY_TOO_COMPLEX');
        expect(problem).toMatchObject({ limit: 'depth', max: 16 });
        expect(problem.errors).toEqual([{ path: '/a'.repeat(16), message: 'nested deeper than 16 levels' }]);
      }
      // A body within the limit reaches the field checks.
      expectProblem(await sendRaw('post', clients, deep(15)), 400, 'INVALID_CLIENT_METADATA');
    });

    it('answers 100,000 array items and 20,000 members with 400 before any field check runs', async () => {
      const items = await sendRaw('post', clients, `{"redirect_uris": [${'"x",'.repeat(99_999)}"x"]}`);
      expect(expectProblem(items, 400, 'BODY_TOO_COMPLEX')).toMatchObject({
        limit: 'arrayItems',
        max: 1000,
        errors: [{ path: '/redirect_uris', message: 'an array of more than 1000 items' }],
      });
      const members = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`unknown_${i}`, i]));
      const wide = await t.http.post(clients).send({ ...clientBody(), ...members });
      expect(expectProblem(wide, 400, 'BODY_TOO_COMPLEX')).toMatchObject({ limit: 'objectMembers', max: 100 });
      expect(wide.text.length).toBeLessThan(2000);
    });

    it('lists at most 100 broken fields and counts the rest', async () => {
      const metadata = Array.from({ length: 100 }, () => ({ name: 1, value: 2, extra: 3 }));
      const res = await t.http.post(clients).send(clientBody({ metadata, unknown_a: 1, unknown_b: 2 }));
      const problem = expectProblem(res, 400, 'INVALID_CLIENT_METADATA');
      expect(problem.errors).toHaveLength(100);
      // Checking stops once 100 are found: the two unknown members after them are counted, the type
      // errors of the 100 items are not looked for.
      expect(problem.errors_omitted).toBeGreaterThanOrEqual(2);
    });
  });

  describe('unknown fields whatever their name', () => {
    it.each(['toString', 'valueOf', 'constructor', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__'])(
      'refuses a member named %s, at the top and nested, and stores nothing',
      async (name) => {
        const before = await storedClients();
        const top = await t.http.post(clients).send({ ...clientBody(), [name]: 'x' });
        expect(expectProblem(top, 400, 'INVALID_CLIENT_METADATA').errors).toContainEqual({
          path: `/${name}`,
          message: `${name} is not a known field`,
        });
        const nested = await t.http
          .post(clients)
          .send(clientBody({ metadata: [{ name: 'title', value: 'T', [name]: 'x' }] }));
        expect(expectProblem(nested, 400, 'INVALID_CLIENT_METADATA').errors).toContainEqual({
          path: `/metadata/0/${name}`,
          message: `${name} is not a known field`,
        });
        const setupRes = await t.http.post(SETUPS).send({ name: 's', [name]: 1 });
        expect(expectProblem(setupRes, 400, 'INVALID_REQUEST').errors).toContainEqual({
          path: `/${name}`,
          message: `${name} is not a known field`,
        });
        expect(await storedClients()).toBe(before);
      },
    );

    it('still refuses __proto__ as prototype poisoning', async () => {
      const res = await sendRaw('post', clients, '{"__proto__": {"admin": true}, "name": "p"}');
      expectProblem(res, 400, 'MALFORMED_REQUEST');
    });
  });

  describe('text', () => {
    it.each([
      ['a NUL', 'a\u0000b'],
      ['an escape sequence', 'red\u001b[31m'],
      ['a line break', 'two\nlines'],
      ['DEL', 'x\u007f'],
      ['a C1 control', 'x\u0085'],
      ['a lone high surrogate', 'x\ud800'],
      ['a lone low surrogate', '\udc00x'],
    ])('refuses %s in a name, a metadata value or an owner, with the pointer of each', async (_what, text) => {
      const before = await storedClients();
      const res = await t.http
        .post(clients)
        .send(clientBody({ name: text, owner: text, metadata: [{ name: 'title', value: text }] }));
      const paths = (expectProblem(res, 400, 'INVALID_CLIENT_METADATA').errors as Array<{ path: string }>).map(
        (e) => e.path,
      );
      expect(paths).toEqual(expect.arrayContaining(['/name', '/owner', '/metadata/0/value']));
      expect(await storedClients()).toBe(before);
      const setupRes = await t.http.post(SETUPS).send({ name: text });
      expect(expectProblem(setupRes, 400, 'INVALID_REQUEST').errors).toContainEqual(
        expect.objectContaining({ path: '/name' }),
      );
      const rs = await t.http
        .post(`${setup}/resource-servers`)
        .send({ name: 'api', scopes: [{ name: 'read', custom_claims: [text] }] });
      expect(expectProblem(rs, 400, 'INVALID_REQUEST').errors).toContainEqual(
        expect.objectContaining({ path: '/scopes/0/custom_claims/0' }),
      );
    });

    it('keeps line breaks and tabs in a comment, and refuses other controls there', async () => {
      const comment = 'first line\r\nsecond line\n\tindented';
      const created = await t.http.post(clients).send(clientBody({ comment })).expect(201);
      const read = await t.http.get(`${clients}/${created.body.clientId}`).expect(200);
      expect(read.body.comment).toBe(comment);
      const bell = await t.http.post(clients).send(clientBody({ comment: 'ring\u0007' }));
      expect(expectProblem(bell, 400, 'INVALID_CLIENT_METADATA').errors).toEqual([
        { path: '/comment', message: 'must not contain control characters other than line breaks and tabs' },
      ]);
    });

    it('refuses a control character in a member name and on RFC 7591 registration', async () => {
      const res = await t.http.post(clients).send({ ...clientBody(), 'na\u0000me': 'x' });
      expect(expectProblem(res, 400, 'INVALID_CLIENT_METADATA').errors).toContainEqual({
        path: '',
        message: expect.stringMatching(/^a member name must not contain control characters/),
      });
      const registration = await t.http
        .post(`/v3/modules/oauthv2${setup.slice(SETUPS.length - '/setups'.length)}/clients`)
        .send({ redirect_uris: ['https://a.example.com/cb'], client_name: 'evil\u001b[2J' });
      expect(registration.status).toBe(400);
      expect(registration.body).toEqual({
        error: 'invalid_client_metadata',
        error_description: expect.stringMatching(/^\/client_name: must not contain control characters/),
      });
    });
  });

  describe('redirect URIs', () => {
    it.each([
      'https://%2A.example.com/cb',
      'https://app.example.com/%2a/cb',
      'https://app.example.com/%252A',
      'http://0x7f000001/cb',
      'http://127.1/cb',
      'http://2130706433/cb',
      'http://[0:0:0:0:0:0:0:1]/cb',
      'https:///cb',
      'https:app.example.com/cb',
      'https://%61pp.example.com/cb',
    ])('refuses %s and stores nothing', async (uri) => {
      const before = await storedClients();
      const res = await t.http.post(clients).send(clientBody({ redirect_uris: ['https://ok.example.com/cb', uri] }));
      const problem = expectProblem(res, 400, 'INVALID_CLIENT_METADATA');
      expect(problem).toMatchObject({ error: 'invalid_redirect_uri' });
      expect(problem.errors).toEqual([{ path: '/redirect_uris/1', message: expect.any(String) }]);
      expect(await storedClients()).toBe(before);
    });

    it('accepts loopback http anywhere in 127.0.0.0/8, [::1] and localhost', async () => {
      const uris = ['http://127.0.0.1:8080/cb', 'http://127.10.20.30/cb', 'http://[::1]/cb', 'http://localhost/cb'];
      const created = await t.http
        .post(clients)
        .send(clientBody({ confidentiality_type: 'public', token_endpoint_auth_method: 'none', redirect_uris: uris }))
        .expect(201);
      const read = await t.http.get(`${clients}/${created.body.clientId}`).expect(200);
      expect(read.body.redirect_uris).toEqual(uris);
    });
  });

  describe('keys', () => {
    it('refuses an RSA key with exponent 3 or an even modulus, and an EC point off its curve', async () => {
      const even = Buffer.from(RSA_PUBLIC_JWK.n, 'base64url');
      even[even.length - 1] &= 0xfe;
      const x = Buffer.alloc(32, 1).toString('base64url');
      const keys = [
        { ...RSA_PUBLIC_JWK, kid: 'e3', e: 'Aw' },
        { ...RSA_PUBLIC_JWK, kid: 'even', n: even.toString('base64url') },
        { kty: 'EC', crv: 'P-256', kid: 'off', x, y: x },
      ];
      const res = await t.http.post(clients).send(clientBody({ jwks: { keys } }));
      expect(expectProblem(res, 400, 'INVALID_CLIENT_METADATA').errors).toEqual([
        { path: '/jwks/keys/0/e', message: 'the RSA public exponent (e) must be 65537 ("AQAB")' },
        { path: '/jwks/keys/1/n', message: 'the RSA modulus (n) must be odd' },
        { path: '/jwks/keys/2', message: expect.stringMatching(/not a valid EC public key/) },
      ]);
    });
  });

  describe('secret rotation races', () => {
    it('requires If-Match (428), and of parallel rotations with one ETag exactly one answers 200, with a secret that works', async () => {
      const { clientId, client_secret: original } = (await t.http.post(clients).send(clientBody()).expect(201)).body;
      const path = `${clients}/${clientId}/secret`;
      expectProblem(await t.http.post(path).send({}), 428, 'PRECONDITION_REQUIRED');
      expectProblem(await t.http.post(path).set('if-match', '*').send({}), 428, 'PRECONDITION_REQUIRED');
      const etag = (await t.http.get(`${clients}/${clientId}`).expect(200)).headers.etag;
      const answers = await Promise.all(
        Array.from({ length: 8 }, () => t.http.post(path).set('if-match', etag).send({})),
      );
      const statuses = answers.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 412, 412, 412, 412, 412, 412, 412]);
      const winner = answers.find((r) => r.status === 200)!;
      const verifier = t.app.get(ClientSecretVerifier);
      expect(await verifier.verify(clientId, winner.body.client_secret, new Date())).toBe(true);
      expect(await verifier.verify(clientId, original, new Date())).toBe(true);
      // The next rotation names the ETag the winner answered.
      const next = await t.http.post(path).set('if-match', winner.headers.etag).send({}).expect(200);
      expect(await verifier.verify(clientId, next.body.client_secret, new Date())).toBe(true);
      expect(await verifier.verify(clientId, winner.body.client_secret, new Date())).toBe(true);
    });
  });

  it('stores no snapshot for any refused body', async () => {
    const snapshots = await t.dataSource.getRepository(ClientSnapshotEntity).count();
    await sendRaw('post', clients, deep(100));
    await t.http.post(clients).send(clientBody({ name: 'x\u0000' }));
    expect(await t.dataSource.getRepository(ClientSnapshotEntity).count()).toBe(snapshots);
  });
});

describe('the embedded database files', () => {
  it('are readable by their owner only (0600), in a directory of mode 0700, even if they were wider', async () => {
    const db = await createTestDatabase('sqlite');
    const { chmodSync, writeFileSync } = await import('node:fs');
    chmodSync(db.dir!, 0o755);
    writeFileSync(db.config.type === 'sqlite' ? db.config.path : '', '', { mode: 0o644 });
    const t = await startTestApp('sqlite', {}, undefined, db);
    try {
      await t.http.post(SETUPS).send({ name: 'files' }).expect(201);
      const path = db.config.type === 'sqlite' ? db.config.path : '';
      expect(statSync(db.dir!).mode & 0o777).toBe(0o700);
      for (const file of [path, `${path}-wal`, `${path}-shm`])
        expect([file, statSync(file).mode & 0o777]).toEqual([file, 0o600]);
    } finally {
      await t.close();
      await db.drop();
    }
  });
});
