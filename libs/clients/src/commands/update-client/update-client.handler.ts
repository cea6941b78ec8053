import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, TransactionRunner, ValidationFailedError } from '@app/core';
import { ClientTimeline, clientNotFound } from '../../client.timeline';
import { snapshotContent } from '../../client-content';
import { toClientView } from '../../client-view';
import { ClientUpdatedEvent } from '../../events/client.events';
import { clientDefinitionErrors, resolveAuth } from '../../rules/client-rules';
import { ClientSecretCipher, generateClientSecret } from '../../secrets';
import { UpdateClientCommand, type UpdateClientResult } from './update-client.command';

@CommandHandler(UpdateClientCommand)
export class UpdateClientHandler implements ICommandHandler<UpdateClientCommand> {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly timeline: ClientTimeline,
    private readonly cipher: ClientSecretCipher,
    private readonly clock: Clock,
    private readonly eventBus: EventBus,
  ) {}

  async execute({ setupId, clientId, definition, clientSecret, options, actor }: UpdateClientCommand): Promise<UpdateClientResult> {
    const errors = clientDefinitionErrors(definition, clientSecret);
    if (errors.length) throw new ValidationFailedError('INVALID_CLIENT_METADATA', errors);
    const now = this.clock.now();
    const auth = resolveAuth(definition);
    let generatedSecret: string | undefined;

    const result = await this.tx.run((em) =>
      this.timeline.edit(em, clientId, options, now, async (entity, inForce) => {
        if (entity.setupId !== setupId) throw clientNotFound(clientId);
        if (definition.client_id !== undefined && definition.client_id !== entity.oauthClientId) {
          throw new ValidationFailedError('INVALID_CLIENT_METADATA', [
            { path: '/client_id', message: `client_id cannot be changed (it is "${entity.oauthClientId}"); create a new client instead` },
          ]);
        }
        let secretEnc: string | null = null;
        if (clientSecret !== undefined) secretEnc = this.cipher.encrypt(clientSecret, clientId);
        else if (auth.needsSecret) {
          // Keep the secret of the configuration this one follows; issue one only if there is none.
          const scheduled = options.validFrom && options.validFrom.getTime() > now.getTime() && !options.replaceActive;
          const base = scheduled ? await this.timeline.inForceAt(em, clientId, options.validFrom!) : inForce;
          secretEnc = base?.secretEnc ?? null;
          if (!secretEnc) {
            generatedSecret = generateClientSecret();
            secretEnc = this.cipher.encrypt(generatedSecret, clientId);
          }
        }
        return { content: snapshotContent(definition, entity.oauthClientId, auth), extra: { secretEnc } };
      }),
    );

    const change = options.replaceActive ? 'snapshot-replaced' : 'snapshot-added';
    this.eventBus.publish(new ClientUpdatedEvent(setupId, clientId, result.snapshot.id, result.snapshot.validFrom, actor.subject, now, change));
    return { view: toClientView(result.snapshot, result.immediate ? 'active' : 'scheduled'), revision: result.revision, generatedSecret };
  }
}
