import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, EventOutbox, insertRow, jsonPointer, newId, ValidationFailedError } from '@app/core';
import { ScopeCatalog } from '@app/resource-servers';
import { ClientPolicy } from '../../../client-policy';
import { ClientTimeline } from '../../../client.timeline';
import { toConsentView } from '../../consent-view';
import { ConsentGrantedEvent } from '../../events/consent.events';
import { PersistedConsentEntity } from '../../persisted-consent.entity';
import { RecordConsentCommand } from './record-consent.command';

/**
 * Records a user's consent for a client in force now: `issue_date` now, `expiration` after the client's
 * effective persisted_consent_ttl (its own, else its setup's client_defaults; neither: no expiration).
 * A consent recorded again replaces the previous one. The scopes must be among those the client asks for
 * and (once the setup has resource servers) that they declare now.
 */
@CommandHandler(RecordConsentCommand)
export class RecordConsentHandler implements ICommandHandler<RecordConsentCommand> {
  constructor(
    private readonly events: EventOutbox,
    private readonly timeline: ClientTimeline,
    private readonly policy: ClientPolicy,
    private readonly catalog: ScopeCatalog,
    private readonly clock: Clock,
  ) {}

  async execute({ setupId, clientId, user, scopes, actor }: RecordConsentCommand) {
    const now = this.clock.now();
    const consent = await this.events.run(
      async (em) => {
        // The client row lock orders this write with the scope trimming of the client's activations.
        const client = await this.timeline.loadInSetup(em, setupId, clientId, { lock: true });
        const snapshot = await this.timeline.activeOrThrow(em, clientId, now);
        const offered = snapshot.content.scopes ?? [];
        // A scope a forced removal left undeclared is not on offer either, though the client still names it.
        const { declared, constrained } = await this.catalog.declaredAt(em, setupId, now);
        const errors = scopes.flatMap((scope, i) => {
          if (!offered.includes(scope))
            return [{ path: jsonPointer(['scopes', i]), message: `the client does not ask for scope "${scope}"` }];
          if (constrained && !declared.has(scope))
            return [{ path: jsonPointer(['scopes', i]), message: `no resource server declares scope "${scope}" now` }];
          return [];
        });
        if (errors.length) throw new ValidationFailedError('INVALID_REQUEST', errors);
        const ttl =
          snapshot.content.persisted_consent_ttl ??
          (await this.policy.setupDefaults(em, setupId, now))?.persisted_consent_ttl;
        const repo = em.getRepository(PersistedConsentEntity);
        const previous = await repo.findOneBy({ clientId, subject: user });
        const row = Object.assign(new PersistedConsentEntity(), {
          id: previous?.id ?? newId(),
          setupId,
          clientId,
          oauthClientId: client.oauthClientId,
          subject: user,
          scopes: [...scopes],
          issueDate: now,
          expiration: ttl === undefined ? null : new Date(now.getTime() + ttl * 1000),
        });
        if (previous) await repo.update(previous.id, row);
        else await insertRow(em, PersistedConsentEntity, row);
        return row;
      },
      (row) => new ConsentGrantedEvent(row, actor.subject, now),
    );
    return toConsentView(consent);
  }
}
