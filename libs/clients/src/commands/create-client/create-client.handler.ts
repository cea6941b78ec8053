import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock, DomainError, EventOutbox, isForeignKeyViolation, isUniqueViolation, newId } from '@app/core';
import { ScopeCatalog } from '@app/resource-servers';
import { setupNotFound } from '@app/setups';
import { forbiddenClient } from '../../client.errors';
import { ClientPolicy } from '../../client-policy';
import { ClientSecretCipher, generateClientSecret } from '../../client-secrets';
import { ClientTimeline } from '../../client.timeline';
import { snapshotContent } from '../../client-content';
import { ClientCreatedEvent } from '../../events/client.events';
import { resolveAuth } from '../../rules/client-rules';
import { RegistrationGate } from '../../registration/registration-gate';
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

    const { snapshot } = await this.events.run(
      async (em) => {
        const { admission } = command;
        if (admission) await this.registrations.admit(em, setupId, admission, now);
        try {
          const created = await this.timeline.create(
            em,
            { id: clientId, setupId, oauthClientId, previousSecretEnc: null, previousSecretExpiresAt: null },
            content,
            command.validFrom,
            now,
            {
              secretEnc: secret === undefined ? null : this.cipher.encrypt(secret, clientId),
            },
          );
          // The new client row's foreign key holds the setup row now (ScopeCatalog.hasResourceServers).
          if (content.scopes?.length && (await this.catalog.hasResourceServers(em, setupId)))
            await this.catalog.assertClientSnapshotDeclared(
              em,
              setupId,
              clientId,
              created.snapshot.id,
              content.scopes,
              now,
            );
          if (admission) await this.registrations.record(em, setupId, clientId, admission, now);
          return created;
        } catch (err) {
          if (isUniqueViolation(err, CLIENT_ID_INDEX)) throw clientIdTaken(oauthClientId);
          // The setup was checked above; deleted since, the foreign key refuses the client.
          if (isForeignKeyViolation(err)) throw setupNotFound(setupId);
          throw err;
        }
      },
      ({ snapshot }) =>
        new ClientCreatedEvent(setupId, clientId, snapshot.id, snapshot.validFrom, actor.subject, now, oauthClientId),
    );

    return {
      clientId,
      oauthClientId,
      snapshotId: snapshot.id,
      validFrom: snapshot.validFrom,
      generatedClientId,
      generatedSecret,
    };
  }
}
