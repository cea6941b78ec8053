import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { AuditEntryEntity } from '@app/audit';
import { ClientCreatedEvent, ClientEntity, ClientSecretCipher, ClientSnapshotEntity } from '@app/clients';
import { clientBody, fullSeedBody, RSA_PUBLIC_JWK } from './factories/client.factory';
import { DATABASES } from './support/databases';
import { eventually, startTestApp, type TestApp } from './support/test-app';
import { expectProblem } from './support/problems';

const HEX32 = /^[0-9a-f]{32}$/;

describe.each(DATABASES)('POST /v2/modules/:module/setups/:setupId/clients on %s', (kind) => {
  let t: TestApp;
  let setupId: string;
  const clientsPath = () => `/v2/modules/oauthv2/setups/${setupId}/clients`;

  beforeAll(async () => {
    t = await startTestApp(kind);
    const res = await t.http
      .post('/v2/modules/oauthv2/setups')
      .send({ name: 'Retail banking', owner: 'security' })
      .expect(201);
    setupId = res.body.setupId;
  });
  afterAll(() => t.close());

  const countRows = async () => ({
    clients: await t.dataSource.getRepository(ClientEntity).count(),
    snapshots: await t.dataSource.getRepository(ClientSnapshotEntity).count(),
  });

  describe('success', () => {
    it('creates a client from every field of the seed body and stores it as the first snapshot', async () => {
      const body = fullSeedBody();
      const res = await t.http.post(clientsPath()).send(body).expect(201);

      expect(res.body).toEqual({ clientId: expect.stringMatching(HEX32) });
      const { clientId } = res.body;
      expect(res.headers.location).toBe(`/v2/modules/oauthv2/setups/${setupId}/clients/${clientId}`);

      const client = await t.dataSource.getRepository(ClientEntity).findOneByOrFail({ id: clientId });
      expect(client).toMatchObject({
        setupId,
        oauthClientId: 'online-banking-web',
        activeSnapshotId: expect.stringMatching(HEX32),
      });
      const snapshot = await t.dataSource.getRepository(ClientSnapshotEntity).findOneByOrFail({ ownerId: clientId });
      expect(snapshot.id).toBe(client.activeSnapshotId);
      expect(snapshot.state).toBe('settled');
      expect(Math.abs(snapshot.validFrom.getTime() - Date.now())).toBeLessThan(10_000);
      expect(snapshot).toMatchObject({ name: 'Online banking', owner: 'team-retail' });

      const { client_secret: _secret, valid_from: _vf, notSentGrantType: _ns, jwks: _jwks, ...rest } = body;
      expect(snapshot.content).toEqual({
        ...rest,
        // The seed-shaped key is stored as RFC 7517; the read-only artefacts are gone.
        jwks: {
          keys: [
            {
              kty: 'RSA',
              use: 'sig',
              kid: '2011-04-29',
              alg: 'RS256',
              key_ops: ['verify'],
              n: RSA_PUBLIC_JWK.n,
              e: 'AQAB',
            },
          ],
        },
      });
      expect(JSON.stringify(snapshot.content)).not.toContain(body.client_secret as string);
    });

    it('stores the largest client body (100 scopes, 100 metadata items) whole, with its audit entry', async () => {
      const scopes = Array.from({ length: 100 }, (_, i) => `scope:${i}`);
      const metadata = Array.from({ length: 100 }, (_, i) => ({
        name: `item-${i}`,
        value: `value ${i}`,
        locale: 'en',
      }));
      const res = await t.http
        .post(clientsPath())
        .send(clientBody({ client_id: 'largest-body', scopes, metadata }))
        .expect(201);
      const read = await t.http.get(`${clientsPath()}/${res.body.clientId}`).expect(200);
      expect(read.body).toMatchObject({ client_id: 'largest-body', scopes, metadata });
      const audit = await t.dataSource.getRepository(AuditEntryEntity).findBy({ entityId: res.body.clientId });
      expect(audit.map((e) => e.action)).toEqual(['client.created']);
    });

    it('stores a supplied secret encrypted and never echoes it', async () => {
      const secret = 'supplied-secret-0123456789-abcdefghij';
      const res = await t.http
        .post(clientsPath())
        .send(clientBody({ client_secret: secret }))
        .expect(201);
      expect(res.body).toEqual({ clientId: expect.stringMatching(HEX32), client_id: expect.stringMatching(HEX32) });
      expect(JSON.stringify(res.body)).not.toContain(secret);

      const snapshot = await t.dataSource
        .getRepository(ClientSnapshotEntity)
        .findOneByOrFail({ ownerId: res.body.clientId });
      expect(snapshot.secretEnc).not.toContain(secret);
      expect(t.app.get(ClientSecretCipher).decrypt(snapshot.secretEnc!, res.body.clientId)).toBe(secret);
    });

    it('generates client_id and a 256-bit secret, shows them once, and keeps only ciphertext', async () => {
      const res = await t.http.post(clientsPath()).send(clientBody()).expect(201);
      expect(res.headers['cache-control']).toBe('no-store');
      const { clientId, client_id, client_secret } = res.body;
      expect(client_id).toMatch(HEX32);
      expect(Buffer.from(client_secret, 'base64url')).toHaveLength(32);

      const client = await t.dataSource.getRepository(ClientEntity).findOneByOrFail({ id: clientId });
      expect(client.oauthClientId).toBe(client_id);
      const snapshot = await t.dataSource.getRepository(ClientSnapshotEntity).findOneByOrFail({ ownerId: clientId });
      expect(snapshot.secretEnc).toMatch(/^v1\./);
      expect(t.app.get(ClientSecretCipher).decrypt(snapshot.secretEnc!, clientId)).toBe(client_secret);

      if (kind === 'sqlite') {
        // Not in the database file nor its write-ahead log.
        for (const file of readdirSync(t.db.dir!).filter((f) => f.startsWith('registry.sqlite'))) {
          expect(readFileSync(join(t.db.dir!, file)).includes(client_secret)).toBe(false);
        }
      } else {
        const dump = JSON.stringify(
          await t.dataSource.query('SELECT c.*, s.* FROM client c JOIN client_snapshot s ON s.client_id = c.id'),
        );
        expect(dump).not.toContain(client_secret);
      }
    });

    it('issues no secret to a public client', async () => {
      const res = await t.http
        .post(clientsPath())
        .send(
          clientBody({
            confidentiality_type: 'public',
            redirect_uris: ['com.example.app:/oauth2redirect', 'http://[::1]/cb'],
          }),
        )
        .expect(201);
      expect(res.body).toEqual({ clientId: expect.stringMatching(HEX32), client_id: expect.stringMatching(HEX32) });
      const snapshot = await t.dataSource
        .getRepository(ClientSnapshotEntity)
        .findOneByOrFail({ ownerId: res.body.clientId });
      expect(snapshot.secretEnc).toBeNull();
      expect(snapshot.content.token_endpoint_auth_method).toBe('none');
    });

    it('schedules the first snapshot when valid_from is in the future', async () => {
      const validFrom = new Date(Date.now() + 86_400_000);
      const res = await t.http
        .post(clientsPath())
        .send(clientBody({ valid_from: validFrom.toISOString().replace('Z', '+00:00') }))
        .expect(201);
      const client = await t.dataSource.getRepository(ClientEntity).findOneByOrFail({ id: res.body.clientId });
      expect(client.activeSnapshotId).toBeNull();
      const snapshot = await t.dataSource.getRepository(ClientSnapshotEntity).findOneByOrFail({ ownerId: client.id });
      expect(snapshot.state).toBe('scheduled');
      expect(snapshot.validFrom.toISOString()).toBe(validFrom.toISOString());
    });

    it('takes a past valid_from as "now"', async () => {
      const res = await t.http
        .post(clientsPath())
        .send(clientBody({ valid_from: '2001-01-01T00:00:00+01:00' }))
        .expect(201);
      const snapshot = await t.dataSource
        .getRepository(ClientSnapshotEntity)
        .findOneByOrFail({ ownerId: res.body.clientId });
      expect(snapshot.state).toBe('settled');
      expect(Math.abs(snapshot.validFrom.getTime() - Date.now())).toBeLessThan(10_000);
    });

    it('publishes ClientCreatedEvent after the commit, without the secret, and the audit library records it', async () => {
      t.events.length = 0;
      const res = await t.http
        .post(clientsPath())
        .send(clientBody({ client_id: 'audited-client' }))
        .expect(201);
      const { clientId, client_secret } = res.body;

      const created = t.events.filter((e): e is ClientCreatedEvent => e instanceof ClientCreatedEvent);
      expect(created).toHaveLength(1);
      const snapshot = await t.dataSource.getRepository(ClientSnapshotEntity).findOneByOrFail({ ownerId: clientId });
      expect(created[0]).toMatchObject({
        eventId: expect.stringMatching(HEX32),
        setupId,
        clientId,
        oauthClientId: 'audited-client',
        snapshotId: snapshot.id,
        validFrom: snapshot.validFrom,
        actor: 'test-admin',
        occurredAt: expect.any(Date),
      });
      expect(JSON.stringify(created[0])).not.toContain(client_secret);

      await eventually(async () => {
        const entry = await t.dataSource.getRepository(AuditEntryEntity).findOneByOrFail({ entityId: clientId });
        expect(entry).toMatchObject({
          eventId: created[0].eventId,
          actor: 'test-admin',
          action: 'client.created',
          entityType: 'client',
          setupId,
          snapshotId: snapshot.id,
        });
        expect(JSON.stringify(entry)).not.toContain(client_secret);
      });
    });

    it('serves the same API under API_PREFIX', async () => {
      const prefixed = await startTestApp(kind, { apiPrefix: 'nevismeta/rest' });
      try {
        const setup = await prefixed.http
          .post('/nevismeta/rest/v2/modules/oauthv2/setups')
          .send({ name: 'prefixed' })
          .expect(201);
        expect(setup.headers.location).toBe(`/nevismeta/rest/v2/modules/oauthv2/setups/${setup.body.setupId}`);
        const res = await prefixed.http
          .post(`/nevismeta/rest/v2/modules/oauthv2/setups/${setup.body.setupId}/clients`)
          .send(clientBody())
          .expect(201);
        expect(res.headers.location).toBe(
          `/nevismeta/rest/v2/modules/oauthv2/setups/${setup.body.setupId}/clients/${res.body.clientId}`,
        );
        await prefixed.http
          .post(`/v2/modules/oauthv2/setups/${setup.body.setupId}/clients`)
          .send(clientBody())
          .expect(404);
        await prefixed.http.get('/health/live').expect(200);
      } finally {
        await prefixed.close();
      }
    });
  });

  describe('errors', () => {
    it('answers 404 MODULE_NOT_FOUND for a module other than oauthv2, before looking at the body', async () => {
      const res = await t.http.post(`/v2/modules/saml/setups/${setupId}/clients`).send({});
      expectProblem(res, 404, 'MODULE_NOT_FOUND');
    });

    it.each([
      ['an unknown id', '0123456789abcdef0123456789abcdef'],
      ['a malformed id', 'not-an-id'],
    ])('answers 404 SETUP_NOT_FOUND for %s', async (_label, id) => {
      const before = await countRows();
      const res = await t.http.post(`/v2/modules/oauthv2/setups/${id}/clients`).send(clientBody());
      expectProblem(res, 404, 'SETUP_NOT_FOUND');
      expect(await countRows()).toEqual(before);
    });

    it('lists every broken field at once, each with a JSON pointer, and stores nothing', async () => {
      const before = await countRows();
      const res = await t.http.post(clientsPath()).send({
        redirect_uris: 'https://app.example.com/cb',
        grant_types: ['authorization_code', 'magic'],
        confidentiality_type: 'secret',
        access_token_ttl: 315360001,
        id_token_ttl: 1.5,
        name: null,
        client_secret: 'too-short',
        contacts: ['not-an-email'],
        metadata: [{ value: 'no name', locale: 'not a tag!' }],
        jwks: { keys: [{ kty: 'RSA', d: 'private-part' }] },
        logo_uri: 'javascript:alert(1)',
        jwks_uri: 'http://keys.example.com/jwks',
        valid_from: '2026-12-01T08:00:00',
        unknown_field: true,
      });
      expectProblem(res, 400, 'INVALID_CLIENT_METADATA');
      const paths = new Set((res.body.errors as Array<{ path: string }>).map((e) => e.path));
      expect([...paths].sort()).toEqual(
        [
          '/redirect_uris',
          '/grant_types',
          '/confidentiality_type',
          '/access_token_ttl',
          '/id_token_ttl',
          '/name',
          '/client_secret',
          '/contacts',
          '/metadata/0/name',
          '/metadata/0/locale',
          '/jwks/keys/0/d',
          '/logo_uri',
          '/jwks_uri',
          '/valid_from',
          '/unknown_field',
        ].sort(),
      );
      // RFC 7591: any broken redirect URI makes it invalid_redirect_uri.
      expect(res.body.error).toBe('invalid_redirect_uri');
      expect(res.body.error_description).toContain('/unknown_field');
      expect(JSON.stringify(res.body)).not.toContain('too-short');
      expect(await countRows()).toEqual(before);
    });

    it('requires redirect_uris', async () => {
      const res = await t.http.post(clientsPath()).send({ name: 'x' });
      expectProblem(res, 400, 'INVALID_CLIENT_METADATA');
      expect(res.body.errors).toContainEqual({
        path: '/redirect_uris',
        message: 'at least one redirect URI is required for the authorization_code grant type',
      });
    });

    it('answers invalid_redirect_uri with a pointer to each bad redirect URI', async () => {
      const res = await t.http.post(clientsPath()).send(
        clientBody({
          redirect_uris: [
            'https://ok.example.com/cb',
            'https://app.example.com/cb#frag',
            'http://app.example.com/cb',
            'https://*.example.com/cb',
            'https://ok.example.com/cb',
          ],
        }),
      );
      expectProblem(res, 400, 'INVALID_CLIENT_METADATA');
      expect(res.body.error).toBe('invalid_redirect_uri');
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([
        '/redirect_uris/1',
        '/redirect_uris/2',
        '/redirect_uris/3',
        '/redirect_uris/4',
      ]);
    });

    it('reports every cross-field OAuth violation at once, with the field errors', async () => {
      const before = await countRows();
      const res = await t.http.post(clientsPath()).send(
        clientBody({
          confidentiality_type: 'public',
          token_endpoint_auth_method: 'client_secret_post',
          grant_types: ['authorization_code', 'client_credentials'],
          response_types: ['token'],
          pkce_mode: 'allowed',
          jwks: { keys: [] },
          jwks_uri: 'https://app.example.com/jwks',
          id_token_encrypted_response_enc: 'A128GCM',
          metadata: [
            { name: 'd', locale: 'en' },
            { name: 'd', locale: 'en' },
          ],
          access_token_ttl: -5,
        }),
      );
      expectProblem(res, 400, 'INVALID_CLIENT_METADATA');
      expect(res.body.error).toBe('invalid_client_metadata');
      expect([...new Set(res.body.errors.map((e: { path: string }) => e.path))].sort()).toEqual(
        [
          '/access_token_ttl',
          '/grant_types',
          '/id_token_encrypted_response_enc',
          '/jwks_uri',
          '/metadata/1',
          '/pkce_mode',
          '/response_types',
          '/token_endpoint_auth_method',
        ].sort(),
      );
      expect(await countRows()).toEqual(before);
    });

    it('checks every key with jose: private, weak and duplicate keys are refused with their pointers', async () => {
      const { generateKeyPairSync } = await import('node:crypto');
      const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' });
      const res = await t.http.post(clientsPath()).send(
        clientBody({
          token_endpoint_auth_method: 'private_key_jwt',
          jwks: {
            keys: [
              { ...RSA_PUBLIC_JWK, kid: 'a' },
              { ...weak, kid: 'b' },
              {
                keyType: { value: 'RSA' },
                keyID: 'c',
                requiredParams: { kty: 'RSA', n: RSA_PUBLIC_JWK.n, e: 'AQAB' },
                private: true,
              },
              { ...RSA_PUBLIC_JWK, kid: 'a' },
            ],
          },
        }),
      );
      expectProblem(res, 400, 'INVALID_CLIENT_METADATA');
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([
        '/jwks/keys/1/n',
        '/jwks/keys/2/private',
        '/jwks/keys/3/kid',
      ]);
    });

    it("checks the grant types a client inherits from its setup's client_defaults", async () => {
      const { setupId: machineSetup } = (
        await t.http
          .post('/v2/modules/oauthv2/setups')
          .send({ name: 'machines', client_defaults: { grant_types: ['client_credentials'] } })
          .expect(201)
      ).body;
      const path = `/v2/modules/oauthv2/setups/${machineSetup}/clients`;
      await t.http
        .post(path)
        .send(clientBody({ response_types: [] }))
        .expect(201);
      const res = await t.http
        .post(path)
        .send(clientBody({ confidentiality_type: 'public', redirect_uris: ['http://127.0.0.1/cb'] }));
      expectProblem(res, 400, 'INVALID_CLIENT_METADATA');
      expect(res.body.errors).toEqual([
        { path: '/grant_types', message: 'client_credentials is only for confidential clients' },
      ]);
    });

    it('refuses a secret for an auth method that uses none', async () => {
      const res = await t.http
        .post(clientsPath())
        .send(clientBody({ confidentiality_type: 'public', client_secret: 'x'.repeat(40) }));
      expectProblem(res, 400, 'INVALID_CLIENT_METADATA');
      expect(res.body.errors).toEqual([{ path: '/client_secret', message: expect.stringContaining('none') }]);
    });

    it('answers 400 for a body that is not a JSON object', async () => {
      const res = await t.http.post(clientsPath()).set('content-type', 'application/json').send('[1,2]');
      expectProblem(res, 400, 'INVALID_CLIENT_METADATA');
      expect(res.body.errors).toEqual([{ path: '', message: 'The request body must be a JSON object.' }]);
    });

    it('answers 400 for malformed JSON', async () => {
      const res = await t.http.post(clientsPath()).set('content-type', 'application/json').send('{"redirect_uris": [');
      expectProblem(res, 400, 'MALFORMED_REQUEST');
    });

    it('answers 400 for a prototype-poisoning body', async () => {
      const res = await t.http
        .post(clientsPath())
        .set('content-type', 'application/json')
        .send('{"__proto__": {"admin": true}, "redirect_uris": ["https://a.example/cb"]}');
      expectProblem(res, 400, 'MALFORMED_REQUEST');
    });

    it('answers 415 for a body that is not JSON', async () => {
      const res = await t.http
        .post(clientsPath())
        .set('content-type', 'text/plain')
        .send('redirect_uris=https://a.example/cb');
      expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
      const form = await t.http.post(clientsPath()).type('form').send({ redirect_uris: 'https://a.example/cb' });
      expectProblem(form, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('answers 413 for a body over 1 MiB', async () => {
      const before = await countRows();
      const res = await t.http.post(clientsPath()).send(clientBody({ comment: 'x'.repeat(1024 * 1024) }));
      expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
      expect(await countRows()).toEqual(before);
    });

    it('answers 409 CLIENT_ID_TAKEN for a client_id already used in the setup, and allows it in another setup', async () => {
      await t.http
        .post(clientsPath())
        .send(clientBody({ client_id: 'taken-id' }))
        .expect(201);
      const before = await countRows();
      const res = await t.http.post(clientsPath()).send(clientBody({ client_id: 'taken-id' }));
      expectProblem(res, 409, 'CLIENT_ID_TAKEN');
      expect(await countRows()).toEqual(before);

      const other = await t.http.post('/v2/modules/oauthv2/setups').send({ name: 'other' }).expect(201);
      await t.http
        .post(`/v2/modules/oauthv2/setups/${other.body.setupId}/clients`)
        .send(clientBody({ client_id: 'taken-id' }))
        .expect(201);
    });

    it('gives exactly one 201 and 99 409s for 100 concurrent creates of one client_id', async () => {
      const responses = await Promise.all(
        Array.from({ length: 100 }, () =>
          t.http.post(clientsPath()).send(clientBody({ client_id: 'raced-client-id' })),
        ),
      );
      const statuses = responses.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(99);
      for (const r of responses.filter((r) => r.status === 409)) expect(r.body.code).toBe('CLIENT_ID_TAKEN');
      expect(await t.dataSource.getRepository(ClientEntity).countBy({ oauthClientId: 'raced-client-id' })).toBe(1);
    });
  });
});
