import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, insertRow, DomainError, initialTiming, isUniqueViolation, newId, TransactionRunner, ValidationFailedError } from '@app/core';
import { SetupReader } from '@app/setups';
import type { ClientDefinition } from '../../client-definition';
import { ClientEntity } from '../../entities/client.entity';
import { ClientSnapshotEntity } from '../../entities/client-snapshot.entity';
import { ClientCreatedEvent } from '../../events/client-created.event';
import { normaliseJwk } from '../../keys/normalise-jwk';
import { clientDefinitionErrors, resolveAuth } from '../../rules/client-rules';
import { ClientSecretCipher, generateClientSecret } from '../../secrets';
import { CreateClientCommand, type CreateClientResult } from './create-client.command';

export const CLIENT_ID_INDEX = { name: 'uq_client_setup_oauth_client_id', sqliteColumns: 'client.oauth_client_id' };

@CommandHandler(CreateClientCommand)
export class CreateClientHandler implements ICommandHandler<CreateClientCommand> {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly setups: SetupReader,
    private readonly cipher: ClientSecretCipher,
    private readonly clock: Clock,
    private readonly eventBus: EventBus,
  ) {}

  async execute(command: CreateClientCommand): Promise<CreateClientResult> {
    const { setupId, definition, clientSecret, actor } = command;
    const errors = clientDefinitionErrors(definition, clientSecret);
    if (errors.length) throw new ValidationFailedError('INVALID_CLIENT_METADATA', errors);

    const now = this.clock.now();
    const timing = initialTiming(command.validFrom, now);
    const auth = resolveAuth(definition);
    const clientId = newId();
    const snapshotId = newId();
    const generatedClientId = definition.client_id === undefined ? newId() : undefined;
    const oauthClientId = definition.client_id ?? generatedClientId!;
    const generatedSecret = auth.needsSecret && clientSecret === undefined ? generateClientSecret() : undefined;
    const secret = clientSecret ?? generatedSecret;

    // The auth method decides whether a secret exists, so it is fixed in the snapshot rather than
    // inherited later; everything else is stored as the caller gave it.
    const content: ClientDefinition = {
      ...definition,
      client_id: oauthClientId,
      confidentiality_type: auth.confidentiality,
      token_endpoint_auth_method: auth.method,
      ...(definition.jwks ? { jwks: { keys: definition.jwks.keys.map(normaliseJwk) } } : {}),
    };

    await this.tx.run(async (em) => {
      await this.setups.assertExists(setupId, em);
      try {
        await insertRow(em, ClientEntity, {
          id: clientId,
          setupId,
          oauthClientId,
          secretEnc: secret === undefined ? null : this.cipher.encrypt(secret, clientId),
          activeSnapshotId: timing.state === 'active' ? snapshotId : null,
          createdAt: now,
        });
      } catch (err) {
        if (isUniqueViolation(err, CLIENT_ID_INDEX)) {
          throw new DomainError('CLIENT_ID_TAKEN', `The client_id "${oauthClientId}" is already used by another client of this setup.`);
        }
        throw err;
      }
      await insertRow(em, ClientSnapshotEntity, {
        id: snapshotId,
        clientId,
        validFrom: timing.validFrom,
        state: timing.state,
        name: definition.name ?? null,
        owner: definition.owner ?? null,
        content,
        createdAt: now,
      });
    });

    this.eventBus.publish(new ClientCreatedEvent(newId(), setupId, clientId, oauthClientId, snapshotId, timing.validFrom, actor.subject, now));
    return { clientId, oauthClientId, snapshotId, validFrom: timing.validFrom, generatedClientId, generatedSecret };
  }
}
