import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AppConfigService, Clock, EventOutbox, ValidationFailedError } from '@app/core';
import { SECRET_AUTH_METHODS } from '../../client-definition';
import { ClientTimeline } from '../../client.timeline';
import { ClientEntity } from '../../entities/client.entity';
import { ClientSnapshotEntity } from '../../entities/client-snapshot.entity';
import { ClientUpdatedEvent } from '../../events/client.events';
import { ClientPolicy } from '../../client-policy';
import { ClientSecretCipher, generateClientSecret } from '../../client-secrets';
import { RotateClientSecretCommand, type RotateClientSecretResult } from './rotate-client-secret.command';

@CommandHandler(RotateClientSecretCommand)
export class RotateClientSecretHandler implements ICommandHandler<RotateClientSecretCommand> {
  constructor(
    private readonly events: EventOutbox,
    private readonly timeline: ClientTimeline,
    private readonly policy: ClientPolicy,
    private readonly cipher: ClientSecretCipher,
    private readonly config: AppConfigService,
    private readonly clock: Clock,
  ) {}

  async execute({
    setupId,
    clientId,
    precondition,
    actor,
    graceSeconds,
  }: RotateClientSecretCommand): Promise<RotateClientSecretResult> {
    const now = this.clock.now();
    const secret = generateClientSecret();
    const previousValidUntil = new Date(
      now.getTime() + (graceSeconds ?? this.config.values.secretRotationGraceSeconds) * 1000,
    );
    const { revision } = await this.events.run(
      async (em) => {
        const entity = await this.timeline.loadInSetup(em, setupId, clientId, { lock: true, precondition });
        await this.policy.assertMayChange(em, clientId, actor, now);
        const active = await this.timeline.activeOrThrow(em, clientId, now);
        const method = active.content.token_endpoint_auth_method ?? 'client_secret_basic';
        if (!SECRET_AUTH_METHODS.includes(method) || !active.secretEnc) {
          throw new ValidationFailedError('INVALID_REQUEST', [
            {
              path: '',
              message: `the client authenticates with ${method}; only ${SECRET_AUTH_METHODS.join(', ')} use a secret to rotate`,
            },
          ]);
        }
        const sealed = this.cipher.encrypt(secret, clientId);
        // The new secret takes effect now: in the active snapshot and in the scheduled ones that carried
        // the old secret forward. The old one is kept on the client row until its grace period ends.
        const snapshots = em.getRepository(ClientSnapshotEntity);
        await snapshots.update({ ownerId: clientId, secretEnc: active.secretEnc }, { secretEnc: sealed });
        await em
          .getRepository(ClientEntity)
          .update(clientId, { previousSecretEnc: active.secretEnc, previousSecretExpiresAt: previousValidUntil });
        const bumped = await this.timeline.touch(em, entity);
        return { snapshot: active, revision: bumped };
      },
      ({ snapshot }) =>
        new ClientUpdatedEvent(
          setupId,
          clientId,
          snapshot.id,
          snapshot.validFrom,
          actor.subject,
          now,
          'secret-rotated',
        ),
    );
    return { secret, previousValidUntil, revision };
  }
}
