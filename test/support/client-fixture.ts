import { AuditEntryEntity } from '@app/audit';
import { ClientDeletedEvent, ClientSecretCipher, ClientSnapshotEntity, ClientUpdatedEvent } from '@app/clients';
import { clientBody } from '../factories/client.factory';
import { SETUPS } from './paths';
import { eventually, type TestApp } from './test-app';

export const HEX32 = /^[0-9a-f]{32}$/;
export const ETAG = /^"\d+"$/;
export const DAY = 86_400_000;
export const UNKNOWN_ID = '0123456789abcdef0123456789abcdef';
export const SECRET = 'original-secret-0123456789-abcdefghijk';
export const NEW_SECRET = 'rotated-secret-0123456789-abcdefghijkl';

export type HttpResponse = {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
  text?: string;
};
export type Created = { clientId: string; client_id?: string; client_secret?: string };

/** A whole-second instant `ms` from now: what a caller scheduling a change would send. */
export const fromNow = (ms: number) => new Date(Math.floor((Date.now() + ms) / 1000) * 1000);
/** ISO-8601 with an explicit offset, as the API requires. */
export const withOffset = (d: Date) => d.toISOString().replace('Z', '+00:00');
/** The same instant written in another time zone (+02:00). */
export const inZurichSummer = (d: Date) => new Date(d.getTime() + 2 * 3_600_000).toISOString().replace('Z', '+02:00');

export const errorPaths = (res: HttpResponse) =>
  ((res.body.errors ?? []) as Array<{ path: string }>).map((e) => e.path).sort();

/**
 * What the client specs do again and again, against the app and the setup of the running spec (both
 * are made in `beforeAll`, hence the getters).
 */
export function clientFixture(app: () => TestApp, defaultSetup: () => string) {
  const t = app;
  const newSetup = async (body: Record<string, unknown> = {}): Promise<string> =>
    (
      await t()
        .http.post(SETUPS)
        .send({ name: 'test setup', ...body })
        .expect(201)
    ).body.setupId;
  const clientsPath = (setup = defaultSetup()) => `${SETUPS}/${setup}/clients`;
  const clientPath = (clientId: string, setup = defaultSetup()) => `${clientsPath(setup)}/${clientId}`;
  const snapshotsPath = (clientId: string, setup = defaultSetup()) => `${clientPath(clientId, setup)}/snapshots`;

  async function createClient(overrides: Record<string, unknown> = {}, setup = defaultSetup()): Promise<Created> {
    const res = await t().http.post(clientsPath(setup)).send(clientBody(overrides)).expect(201);
    return res.body as Created;
  }

  /** A client with three snapshots made by immediate edits: [historical, historical, active]. */
  async function clientWithHistory(overrides: Record<string, unknown> = {}) {
    const { clientId } = await createClient({ name: 'v1', client_secret: SECRET, ...overrides });
    const first = (await t().http.get(clientPath(clientId)).expect(200)).body;
    const edit = async (name: string) =>
      (
        await t()
          .http.put(clientPath(clientId))
          .send(clientBody({ name, ...overrides }))
          .expect(200)
      ).body;
    const second = await edit('v2');
    const third = await edit('v3');
    return { clientId, snapshots: [first, second, third] as Array<Record<string, string>> };
  }

  const snapshotRows = (clientId: string) =>
    t()
      .dataSource.getRepository(ClientSnapshotEntity)
      .find({ where: { ownerId: clientId }, order: { validFrom: 'ASC' } });

  const decrypt = (secretEnc: string | null, clientId: string) =>
    t().app.get(ClientSecretCipher).decrypt(secretEnc!, clientId);

  const updatedEvents = (clientId: string) =>
    t().events.filter((e): e is ClientUpdatedEvent => e instanceof ClientUpdatedEvent && e.clientId === clientId);
  const deletedEvents = (clientId: string) =>
    t().events.filter((e): e is ClientDeletedEvent => e instanceof ClientDeletedEvent && e.clientId === clientId);

  async function expectAudit(eventId: string, expected: Record<string, unknown>) {
    await eventually(async () => {
      const entry = await t().dataSource.getRepository(AuditEntryEntity).findOneByOrFail({ eventId });
      expect(entry).toMatchObject({ actor: 'test-admin', entityType: 'client', ...expected });
    });
  }

  return {
    newSetup,
    clientsPath,
    clientPath,
    snapshotsPath,
    createClient,
    clientWithHistory,
    snapshotRows,
    decrypt,
    updatedEvents,
    deletedEvents,
    expectAudit,
  };
}
