import { ClientEntity } from '@app/clients';
import { clientBody } from './factories/client.factory';
import { DATABASES } from './support/databases';
import { rawRequest } from './support/raw-http';
import { startTestApp, type TestApp, TEST_TOKENS } from './support/test-app';

const SETUPS = '/v2/modules/oauthv2/setups';

function expectProblem(
  res: { status: number; headers: Record<string, string>; body: unknown },
  status: number,
  code: string,
) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = typeof res.body === 'string' ? JSON.parse(res.body) : res.body;
  expect(body).toMatchObject({ status, code, request_id: expect.any(String) });
  return body as Record<string, unknown>;
}

describe.each(DATABASES)('hostile requests at the HTTP edge on %s', (kind) => {
  let t: TestApp;
  let clients: string;
  const host = () => new URL(t.url).host;

  beforeAll(async () => {
    t = await startTestApp(kind, { requestTimeoutMs: 1000 });
    clients = `${SETUPS}/${(await t.http.post(SETUPS).send({ name: 'test setup' }).expect(201)).body.setupId}/clients`;
  });
  afterAll(() => t.close());

  const storedClients = () => t.dataSource.getRepository(ClientEntity).count();

  it('cuts a request whose body stalls with 408 after REQUEST_TIMEOUT_MS, and keeps serving others', async () => {
    const stalled = rawRequest(
      t.url,
      `POST ${clients} HTTP/1.1\r\nHost: ${host()}\r\nAuthorization: Bearer ${TEST_TOKENS.admin}\r\n` +
        `Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"name": "stalled-marker`,
    );
    await t.as('anonymous').get('/health/live').expect(200);
    const res = await stalled;
    const problem = expectProblem(res, 408, 'REQUEST_TIMEOUT');
    expect(res.ms).toBeGreaterThanOrEqual(900);
    expect(res.ms).toBeLessThan(5000);
    expect(JSON.stringify(problem)).not.toContain('stalled-marker');
  });

  it('answers 431 for headers over the limit and 414 for a URL over 8 KiB, as problems quoting nothing', async () => {
    const big = rawRequest(t.url, `GET ${SETUPS} HTTP/1.1\r\nHost: ${host()}\r\nX-Junk: ${'j'.repeat(20_000)}\r\n\r\n`);
    const bigProblem = expectProblem(await big, 431, 'HEADERS_TOO_LARGE');
    expect(JSON.stringify(bigProblem)).not.toContain('jjj');
    const long = await t.http.get(`${SETUPS}?name=${'q'.repeat(9000)}`);
    expectProblem(long, 414, 'URI_TOO_LONG');
    expect(long.text).not.toContain('qqq');
  });

  it('answers a malformed URL or Content-Length with a 400 problem that does not echo it', async () => {
    const badUrl = await t.http.get(`${SETUPS}/%zz%3Cscript%3E`);
    expectProblem(badUrl, 400, 'MALFORMED_REQUEST');
    expect(badUrl.text).not.toMatch(/script|%zz/);
    const longSegment = await t.http.get(`${SETUPS}/${'s'.repeat(500)}`);
    expectProblem(longSegment, 414, 'URI_TOO_LONG');
    expect(longSegment.text).not.toContain('sss');
    const res = await rawRequest(
      t.url,
      `POST ${clients} HTTP/1.1\r\nHost: ${host()}\r\nContent-Type: application/json\r\nContent-Length: 12abc\r\n\r\n{}`,
    );
    const problem = expectProblem(res, 400, 'MALFORMED_REQUEST');
    expect(JSON.stringify(problem)).not.toContain('12abc');
    const both = await rawRequest(
      t.url,
      `POST ${clients} HTTP/1.1\r\nHost: ${host()}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n` +
        `Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n`,
    );
    expectProblem(both, 400, 'MALFORMED_REQUEST');
  });

  it('refuses any Content-Encoding and any charset but UTF-8 with 415, storing nothing', async () => {
    const before = await storedClients();
    const body = JSON.stringify(clientBody());
    const gz = await t.http
      .post(clients)
      .set('content-type', 'application/json')
      .set('content-encoding', 'gzip')
      .send(body);
    expectProblem(gz, 415, 'UNSUPPORTED_MEDIA_TYPE');
    const latin1 = await t.http.post(clients).set('content-type', 'application/json; charset=iso-8859-1').send(body);
    expectProblem(latin1, 415, 'UNSUPPORTED_MEDIA_TYPE');
    const utf16 = await t.http.post(clients).set('content-type', 'application/json;charset="UTF-16"').send(body);
    expectProblem(utf16, 415, 'UNSUPPORTED_MEDIA_TYPE');
    const utf8 = await t.http.post(clients).set('content-type', 'application/json; charset=UTF-8').send(clientBody());
    expect(utf8.status).toBe(201);
    expect(await storedClients()).toBe(before + 1);
  });

  it('refuses bytes that are not UTF-8 with 400 and stores nothing', async () => {
    const before = await storedClients();
    const json = Buffer.concat([
      Buffer.from('{"name": "caf'),
      Buffer.from([0xe9]),
      Buffer.from('", "redirect_uris": ["https://a.example.com/cb"]}'),
    ]);
    const head =
      `POST ${clients} HTTP/1.1\r\nHost: ${host()}\r\nAuthorization: Bearer ${TEST_TOKENS.admin}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${json.length}\r\nConnection: close\r\n\r\n`;
    const res = await rawRequest(t.url, Buffer.concat([Buffer.from(head), json]));
    const problem = expectProblem(res, 400, 'MALFORMED_REQUEST');
    expect(problem.detail).toMatch(/UTF-8/);
    expect(await storedClients()).toBe(before);
  });

  it('does not echo a piece of an invalid JSON body', async () => {
    const res = await t.http.post(clients).set('content-type', 'application/json').send('{"name": <img src=x>}');
    expectProblem(res, 400, 'MALFORMED_REQUEST');
    expect(res.text).not.toContain('img');
  });

  it('takes the bearer scheme in any case and refuses two Authorization headers', async () => {
    await t.as('anonymous').get(SETUPS).set('authorization', `bearer ${TEST_TOKENS.alice}`).expect(200);
    await t.as('anonymous').get(SETUPS).set('authorization', `BEARER ${TEST_TOKENS.alice}`).expect(200);
    const twice = await rawRequest(
      t.url,
      `GET ${SETUPS} HTTP/1.1\r\nHost: ${host()}\r\nAuthorization: Bearer ${TEST_TOKENS.alice}\r\n` +
        `Authorization: Bearer ${TEST_TOKENS.admin}\r\nConnection: close\r\n\r\n`,
    );
    const problem = expectProblem(twice, 400, 'INVALID_REQUEST');
    expect(JSON.stringify(problem)).not.toContain(TEST_TOKENS.admin);
  });
});
