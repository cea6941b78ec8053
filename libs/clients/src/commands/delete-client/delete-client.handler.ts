import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AppConfigService, Clock, EventOutbox } from '@app/core';
import { deletionFor } from '@app/versioning';
import { ConsentTrimmer } from '../../consents/consent-trimmer';
import { RegistrationCredentialsCascade } from '../../registration/registration-credentials-cascade';
import { ClientPolicy } from '../../client-policy';
import { ClientTimeline } from '../../client.timeline';
import { ClientDeletedEvent } from '../../events/client.events';
import { DeleteClientCommand } from './delete-client.command';

@CommandHandler(DeleteClientCommand)
export class DeleteClientHandler implements ICommandHandler<DeleteClientCommand> {
  constructor(
    private readonly events: EventOutbox,
    private readonly timeline: ClientTimeline,
    private readonly policy: ClientPolicy,
    private readonly clock: Clock,
    private readonly config: AppConfigService,
    private readonly consents: ConsentTrimmer,
    private readonly registrations: RegistrationCredentialsCascade,
  ) {}

  async execute({ setupId, clientId, precondition, actor }: DeleteClientCommand) {
    const now = this.clock.now();
    await this.events.run(
      async (em) => {
        await this.timeline.loadInSetup(em, setupId, clientId, { lock: true, precondition });
        await this.policy.assertMayChange(em, clientId, actor, now);
        const inForce = await this.timeline.inForceAt(em, clientId, now);
        // Its users' consents go with it (revoked first: an erasure would take them silently).
        const revoked = await this.consents.revokeAll(em, { clientId }, now, actor.subject, 'client-deleted');
        await this.registrations.clientDeleted(em, clientId);
        const deletion = deletionFor(this.config.values.softDeleteRetentionDays, now, actor.subject);
        return { entity: await this.timeline.remove(em, clientId, undefined, deletion), inForce, revoked };
      },
      ({ entity, inForce, revoked }) => [
        new ClientDeletedEvent(
          setupId,
          clientId,
          inForce?.id ?? null,
          inForce?.validFrom ?? null,
          actor.subject,
          now,
          entity.oauthClientId,
        ),
        ...revoked,
      ],
    );
  }
}
