import { DATABASES } from './support/databases';
import { SETUPS } from './support/paths';
import { startTestApp, type TestApp } from './support/test-app';

type Examples = Record<string, { summary: string; value: Record<string, unknown> }>;
interface Operation {
  requestBody?: { content: { 'application/json': { examples?: Examples } } };
}
type Document = { paths: Record<string, Record<string, Operation>> };

const V2 = '/v2/modules/{module}/setups';

/** Every request example of the document, run unchanged in the order a newcomer would, on a fresh start. */
describe.each(DATABASES)('OpenAPI request examples on %s', (kind) => {
  let t: TestApp;
  let doc: Document;
  const examplesOf = (path: string, method: string) => {
    const examples = doc.paths[path][method].requestBody?.content['application/json'].examples;
    if (!examples) throw new Error(`${method.toUpperCase()} ${path} has no request examples`);
    return Object.entries(examples);
  };
  const url = (path: string, ids: Record<string, string>) =>
    path.replace('{module}', 'oauthv2').replace(/\{(\w+)\}/g, (_m, name: string) => ids[name]);

  beforeAll(async () => {
    t = await startTestApp(kind);
    doc = (await t.http.get('/docs-json').expect(200)).body;
  });
  afterAll(() => t.close());

  /** POSTs every example, reads each result back (in force at once), then PUTs every example onto the first. */
  async function createReadAndEdit(collection: string, idName: string, ids: Record<string, string>) {
    const created: string[] = [];
    for (const [name, example] of examplesOf(collection, 'post')) {
      const res = await t.http.post(url(collection, ids)).send(example.value);
      expect([name, res.status, res.body]).toEqual([
        name,
        201,
        expect.objectContaining({ [idName]: expect.any(String) }),
      ]);
      const read = await t.http.get(`${url(collection, ids)}/${res.body[idName]}`);
      expect([name, read.status]).toEqual([name, 200]);
      created.push(res.body[idName]);
    }
    const item = `${collection}/{${idName}}`;
    const scheduled: string[] = [];
    for (const [name, example] of examplesOf(item, 'put')) {
      const path = url(item, { ...ids, [idName]: created[0] });
      const etag = (await t.http.get(path).expect(200)).headers.etag;
      const res = await t.http.put(path).set('If-Match', etag).send(example.value);
      expect([name, res.status]).toEqual([name, 200]);
      // Only the example that says so schedules; the others are in force at once.
      expect([name, res.body.state]).toEqual([name, name === 'scheduled' ? 'scheduled' : 'active']);
      if (name === 'scheduled') scheduled.push(example.summary);
    }
    expect(scheduled).toEqual([expect.stringMatching(/^Scheduled: /)]);
    return created;
  }

  it('creates, reads and edits setups, resource servers and clients with every pre-filled example', async () => {
    const [setupId] = await createReadAndEdit(V2, 'setupId', {});
    await createReadAndEdit(`${V2}/{setupId}/resource-servers`, 'resourceServerId', { setupId });
    const clients = await createReadAndEdit(`${V2}/{setupId}/clients`, 'clientId', { setupId });
    expect(clients).toHaveLength(5);

    const [[, registration]] = examplesOf('/v3/modules/{module}/setups/{setupId}/clients', 'post');
    await t.http.post(`/v3/modules/oauthv2/setups/${setupId}/clients`).send(registration.value).expect(201);
  });

  it('lists by metadata as Swagger UI sends it (deepObject) and as nevisMeta does (metadata.<name>)', async () => {
    const [[, example]] = examplesOf(V2, 'post');
    const { setupId } = (await t.http.post(SETUPS).send(example.value).expect(201)).body;
    const other = (await t.http.post(SETUPS).send({ name: 'elsewhere' }).expect(201)).body;
    for (const query of ['metadata%5Bregion%5D=EU', 'metadata[region]=EU', 'metadata.region=EU']) {
      const { setupIds } = (await t.http.get(`${SETUPS}?${query}`).expect(200)).body;
      expect([query, setupIds]).toEqual([query, expect.arrayContaining([setupId])]);
      expect(setupIds).not.toContain(other.setupId);
    }
    await t.http.get(`${SETUPS}?metadata[region]=US`).expect(200, { setupIds: [] });
  });
});
