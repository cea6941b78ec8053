import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, EventOutbox, NotFoundError } from '@app/core';
import { ClientTimeline } from '../../../client.timeline';
import { assertMaySee } from '../../consent-access';
import { ConsentRevokedEvent } from '../../events/consent.events';
import { PersistedConsentEntity } from '../../persisted-consent.entity';
import { RevokeConsentCommand } from './revoke-consent.command';

@CommandHandler(RevokeConsentCommand)
export class RevokeConsentHandler implements ICommandHandler<RevokeConsentCommand> {
  constructor(
    private readonly events: EventOutbox,
    private readonly timeline: ClientTimeline,
    private readonly clock: Clock,
  ) {}

  async execute({ setupId, clientId, user, viewer, actor }: RevokeConsentCommand) {
    const subject = user ?? viewer.subject;
    assertMaySee(viewer, subject);
    const now = this.clock.now();
    await this.events.run(
      async (em) => {
        await this.timeline.loadInSetup(em, setupId, clientId, { lock: true });
        const repo = em.getRepository(PersistedConsentEntity);
        const consent = await repo.findOneBy({ clientId, subject });
        if (!consent)
          throw new NotFoundError('CONSENT_NOT_FOUND', `"${subject}" has no persisted consent for this client.`);
        await repo.delete(consent.id);
        return consent;
      },
      (consent) => new ConsentRevokedEvent(consent, actor.subject, now, 'revoked'),
    );
  }
}
