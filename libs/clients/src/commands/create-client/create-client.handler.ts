import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock, DomainError, EventOutbox, isForeignKeyViolation, isUniqueViolation, newId } from '@app/core';
import { ScopeCatalog } from '@app/resource-servers';
import type { SnapshotExtra, VersionedEntityBase } from '@app/versioning';
import { setupNotFound } from '@app/setups';
import { forbiddenClient } from '../../client.errors';
import { ClientPolicy } from '../../client-policy';
import { ClientSecretCipher, generateClientSecret } from '../../client-secrets';
import { ClientTimeline } from '../../client.timeline';
import { snapshotContent } from '../../client-content';
import { ClientCreatedEvent } from '../../events/client.events';
import { resolveAuth } from '../../rules/client-rules';
import { RegistrationGate, type RegistrationAdmission } from '../../registration/registration-gate';
import type { ClientDefinition } from '../../client-definition';
import type { ClientEntity } from '../../entities/client.entity';
import type { ClientSnapshotEntity } from '../../entities/client-snapshot.entity';
import { CreateClientCommand, type CreateClientResult } from './create-client.command';

export const CLIENT_ID_INDEX = { name: 'uq_client_setup_oauth_client_id', sqliteColumns: 'client.oauth_client_id' };

export function clientIdTaken(oauthClientId: string): DomainError {
  return new DomainError(
    'CLIENT_ID_TAKEN',
    `The client_id "${oauthClientId}" is already used by another client of this setup.`,
  );
}

@CommandHandler(CreateClientCommand)
export class CreateClientHandler implements ICommandHandler<CreateClientCommand> {
  constructor(
    private readonly events: EventOutbox,
    private readonly timeline: ClientTimeline,
    private readonly policy: ClientPolicy,
    private readonly cipher: ClientSecretCipher,
    private readonly catalog: ScopeCatalog,
    private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registrations: RegistrationGate,
  ) {}

  async execute(command: CreateClientCommand): Promise<CreateClientResult> {
    const { setupId, clientSecret, actor } = command;
    // The owner defaults to the caller; a caller that is not an administrator creates only its own clients.
    const now = this.clock.now();
    // The grant types a client leaves out come from its setup, as configured when the client takes effect.
    const effectiveAt = command.validFrom && command.validFrom > now ? command.validFrom : now;
    const given = await this.policy.withoutInheritedValues(
      this.dataSource.manager,
      setupId,
      command.definition,
      effectiveAt,
    );
    const definition = { ...given, owner: given.owner ?? actor.subject };
    if (!actor.admin && definition.owner !== actor.subject) throw forbiddenClient(actor);
    await this.policy.assertValid(this.dataSource.manager, setupId, definition, clientSecret, effectiveAt);

    const auth = resolveAuth(definition);
    const clientId = newId();
    const generatedClientId = definition.client_id === undefined ? newId() : undefined;
    const oauthClientId = definition.client_id ?? generatedClientId!;
    const generatedSecret = auth.needsSecret && clientSecret === undefined ? generateClientSecret() : undefined;
    const secret = clientSecret ?? generatedSecret;
    const content = snapshotContent(definition, oauthClientId, auth);

    const pending: PendingClient = {
      setupId,
      oauthClientId,
      row: { id: clientId, setupId, oauthClientId, previousSecretEnc: null, previousSecretExpiresAt: null },
      content,
      validFrom: command.validFrom,
      now,
      extra: { secretEnc: secret === undefined ? null : this.cipher.encrypt(secret, clientId) },
      announce: ({ snapshot }) =>
        new ClientCreatedEvent(setupId, clientId, snapshot.id, snapshot.validFrom, actor.subject, now, oauthClientId),
    };
    const snapshot =
      (command.admission ? undefined : await this.createAtOnce(pending)) ??
      (await this.createInTransaction(pending, command.admission));

    return {
      clientId,
      oauthClientId,
      snapshotId: snapshot.id,
      validFrom: snapshot.validFrom,
      generatedClientId,
      generatedSecret,
    };
  }

  /**
   * PostgreSQL: the client, its audit entry and its outbox row in one statement (EventOutbox.insertAtOnce),
   * unless the guard finds something to check in a transaction (ScopeCatalog.clientCreateGuard); then
   * undefined, and nothing was written.
   */
  private async createAtOnce(pending: PendingClient): Promise<ClientSnapshotEntity | undefined> {
    const em = this.dataSource.manager;
    if (!this.events.canInsertAtOnce(em)) return undefined;
    const { result, sets } = this.timeline.creation(
      pending.row,
      pending.content,
      pending.validFrom,
      pending.now,
      pending.extra,
    );
    const guard = this.catalog.clientCreateGuard(pending.setupId, Boolean(pending.content.scopes?.length));
    try {
      return (await this.events.insertAtOnce(em, sets, guard, result, pending.announce)) ? result.snapshot : undefined;
    } catch (err) {
      throw refusal(err, pending);
    }
  }

  /**
   * The client in one transaction, with every check: its scopes against the setup's resource servers,
   * the registration policy.
   */
  private async createInTransaction(
    pending: PendingClient,
    admission: RegistrationAdmission | undefined,
  ): Promise<ClientSnapshotEntity> {
    const { setupId, now, content } = pending;
    const { snapshot } = await this.events.run(async (em) => {
      if (admission) await this.registrations.admit(em, setupId, admission, now);
      try {
        const created = await this.timeline.create(em, pending.row, content, pending.validFrom, now, pending.extra);
        // The new client row's foreign key holds the setup row now (ScopeCatalog.hasResourceServers).
        if (content.scopes?.length && (await this.catalog.hasResourceServers(em, setupId)))
          await this.catalog.assertClientSnapshotDeclared(
            em,
            setupId,
            pending.row.id,
            created.snapshot.id,
            content.scopes,
            now,
          );
        if (admission) await this.registrations.record(em, setupId, pending.row.id, admission, now);
        return created;
      } catch (err) {
        throw refusal(err, pending);
      }
    }, pending.announce);
    return snapshot;
  }
}

/** A client to be written, however it is written. */
interface PendingClient {
  setupId: string;
  oauthClientId: string;
  row: Omit<ClientEntity, keyof VersionedEntityBase> & Pick<ClientEntity, 'id'>;
  content: ClientDefinition;
  validFrom: Date | undefined;
  now: Date;
  extra: SnapshotExtra<ClientSnapshotEntity>;
  announce(result: { snapshot: ClientSnapshotEntity }): ClientCreatedEvent;
}

/** A database refusal as the domain error it means. */
function refusal(err: unknown, { setupId, oauthClientId }: PendingClient): unknown {
  if (isUniqueViolation(err, CLIENT_ID_INDEX)) return clientIdTaken(oauthClientId);
  // The setup was checked before; deleted since, the foreign key refuses the client.
  if (isForeignKeyViolation(err)) return setupNotFound(setupId);
  return err;
}
