import { Test, type TestingModule } from '@nestjs/testing';
import { CommandBus, CqrsModule, EventBus, type IEvent } from '@nestjs/cqrs';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CoreModule, DomainError, ValidationFailedError } from '@app/core';
import { CreateSetupCommand, SetupsModule } from '@app/setups';
import { ClientsModule } from '../../clients.module';
import { ClientEntity } from '../../entities/client.entity';
import { ClientSnapshotEntity } from '../../entities/client-snapshot.entity';
import { ClientCreatedEvent } from '../../events/client.events';
import { ClientSecretCipher } from '../../client-secrets';
import { CreateClientCommand } from './create-client.command';
import { FixedClock } from '../../../../../test/support/test-clock';
import { testConfig } from '../../../../../test/support/test-config';

const NOW = new Date('2026-11-26T12:00:00.000Z');
const ACTOR = { subject: 'tester', admin: true };

/** The handler on a real in-memory SQLite database, driven through the CommandBus with a fixed clock. */
describe('CreateClientHandler', () => {
  let moduleRef: TestingModule;
  let sut: CommandBus;
  let dataSource: DataSource;
  let events: IEvent[];
  let setupId: string;

  beforeAll(async () => {
    const config = testConfig({ type: 'sqlite', path: ':memory:' });
    moduleRef = await Test.createTestingModule({
      imports: [CqrsModule.forRoot(), CoreModule.forRoot(config, new FixedClock(NOW)), SetupsModule, ClientsModule],
    }).compile();
    await moduleRef.init();
    sut = moduleRef.get(CommandBus);
    dataSource = moduleRef.get(getDataSourceToken());
    events = [];
    moduleRef.get(EventBus).subscribe((e) => events.push(e));
    ({ setupId } = await sut.execute(new CreateSetupCommand({ name: 's' }, undefined, ACTOR)));
  });
  afterAll(() => moduleRef.close());
  beforeEach(() => {
    events.length = 0;
  });

  const create = (definition: Record<string, unknown>, secret?: string, validFrom?: Date) =>
    sut.execute(
      new CreateClientCommand(
        setupId,
        { redirect_uris: ['https://a.example/cb'], ...definition },
        secret,
        validFrom,
        ACTOR,
      ),
    );

  it('generates the ids and a secret, stores the secret encrypted, and dates the snapshot now', async () => {
    const result = await create({});
    expect(result.clientId).toMatch(/^[0-9a-f]{32}$/);
    expect(result.generatedClientId).toMatch(/^[0-9a-f]{32}$/);
    expect(result.oauthClientId).toBe(result.generatedClientId);
    expect(Buffer.from(result.generatedSecret!, 'base64url')).toHaveLength(32);
    expect(result.validFrom).toEqual(NOW);

    const client = await dataSource.getRepository(ClientEntity).findOneByOrFail({ id: result.clientId });
    const snapshot = await dataSource.getRepository(ClientSnapshotEntity).findOneByOrFail({ ownerId: client.id });
    expect(moduleRef.get(ClientSecretCipher).decrypt(snapshot.secretEnc!, client.id)).toBe(result.generatedSecret);
    expect(snapshot).toMatchObject({ id: client.activeSnapshotId, state: 'settled', validFrom: NOW, createdAt: NOW });
    expect(snapshot.content).toMatchObject({
      client_id: result.oauthClientId,
      confidentiality_type: 'confidential',
      token_endpoint_auth_method: 'client_secret_basic',
    });
  });

  it('schedules a snapshot whose valid_from is after now, and leaves the client without an active one', async () => {
    const later = new Date(NOW.getTime() + 1);
    const result = await create({}, undefined, later);
    const client = await dataSource.getRepository(ClientEntity).findOneByOrFail({ id: result.clientId });
    expect(client.activeSnapshotId).toBeNull();
    expect(await dataSource.getRepository(ClientSnapshotEntity).findOneByOrFail({ ownerId: client.id })).toMatchObject({
      state: 'scheduled',
      validFrom: later,
    });
  });

  it('treats valid_from equal to now as immediate', async () => {
    const result = await create({}, undefined, NOW);
    expect(
      await dataSource.getRepository(ClientSnapshotEntity).findOneByOrFail({ ownerId: result.clientId }),
    ).toMatchObject({ state: 'settled', validFrom: NOW });
  });

  it('publishes ClientCreatedEvent once, with the ids of the stored rows', async () => {
    const result = await create({ client_id: 'evt' });
    expect(events).toEqual([
      expect.objectContaining({
        constructor: ClientCreatedEvent,
        clientId: result.clientId,
        oauthClientId: 'evt',
        snapshotId: result.snapshotId,
        setupId,
      }),
    ]);
  });

  it('refuses a taken client_id with CLIENT_ID_TAKEN, keeps nothing and publishes nothing', async () => {
    await create({ client_id: 'dup' });
    events.length = 0;
    const before = await dataSource.getRepository(ClientSnapshotEntity).count();
    await expect(create({ client_id: 'dup' })).rejects.toMatchObject({
      constructor: DomainError,
      code: 'CLIENT_ID_TAKEN',
    });
    expect(await dataSource.getRepository(ClientSnapshotEntity).count()).toBe(before);
    expect(events).toEqual([]);
  });

  it('refuses an unknown setup with SETUP_NOT_FOUND', async () => {
    await expect(
      sut.execute(
        new CreateClientCommand(
          'f'.repeat(32),
          { redirect_uris: ['https://a.example/cb'] },
          undefined,
          undefined,
          ACTOR,
        ),
      ),
    ).rejects.toMatchObject({ code: 'SETUP_NOT_FOUND' });
  });

  it('rejects rule violations before touching the database', async () => {
    const before = await dataSource.getRepository(ClientEntity).count();
    await expect(create({ redirect_uris: ['http://evil.example/cb'] })).rejects.toBeInstanceOf(ValidationFailedError);
    expect(await dataSource.getRepository(ClientEntity).count()).toBe(before);
  });
});
