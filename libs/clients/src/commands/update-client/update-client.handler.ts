import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ScopeCatalog } from '@app/resource-servers';
import { ConsentTrimmer } from '../../consents/consent-trimmer';
import { Clock, EventOutbox, jsonPatch, MASKED_SECRET, ValidationFailedError } from '@app/core';
import { forbiddenClient } from '../../client.errors';
import { ClientPolicy } from '../../client-policy';
import { ClientSecrets } from '../../client-secrets';
import { ClientTimeline } from '../../client.timeline';
import { snapshotContent } from '../../client-content';
import { toClientView } from '../../client-view';
import { ClientUpdatedEvent } from '../../events/client.events';
import { resolveAuth } from '../../rules/client-rules';
import { UpdateClientCommand, type UpdateClientResult } from './update-client.command';

@CommandHandler(UpdateClientCommand)
export class UpdateClientHandler implements ICommandHandler<UpdateClientCommand> {
  constructor(
    private readonly events: EventOutbox,
    private readonly timeline: ClientTimeline,
    private readonly policy: ClientPolicy,
    private readonly secrets: ClientSecrets,
    private readonly catalog: ScopeCatalog,
    private readonly consents: ConsentTrimmer,
    private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute({
    setupId,
    clientId,
    definition: body,
    clientSecret,
    options,
    actor,
  }: UpdateClientCommand): Promise<UpdateClientResult> {
    const now = this.clock.now();
    const effectiveAt =
      options.validFrom && options.validFrom > now && !options.replaceActive ? options.validFrom : now;
    const given = await this.policy.withoutInheritedValues(this.dataSource.manager, setupId, body, effectiveAt);
    await this.policy.assertValid(this.dataSource.manager, setupId, given, clientSecret, effectiveAt);
    const auth = resolveAuth(given);
    let generatedSecret: string | undefined;

    const immediate = options.replaceActive || !options.validFrom || options.validFrom.getTime() <= now.getTime();
    let definition = given;
    const change = options.replaceActive ? 'snapshot-replaced' : 'snapshot-added';
    const result = await this.events.run(
      async (em) => {
        const constrained = given.scopes?.length ? await this.catalog.lockForClientWrite(em, setupId) : false;
        await this.timeline.loadInSetup(em, setupId, clientId);
        // Without an owner in the body the client keeps its owner; only an administrator may give a client away.
        const owner = await this.policy.assertMayChange(em, clientId, actor, now);
        definition = { ...given, owner: given.owner ?? owner ?? actor.subject };
        if (!actor.admin && definition.owner !== actor.subject) throw forbiddenClient(actor);
        const edited = await this.timeline.edit(em, clientId, options, now, async (entity, inForce) => {
          if (definition.client_id !== undefined && definition.client_id !== entity.oauthClientId) {
            throw new ValidationFailedError('INVALID_CLIENT_METADATA', [
              {
                path: '/client_id',
                message: `client_id cannot be changed (it is "${entity.oauthClientId}"); create a new client instead`,
              },
            ]);
          }
          const secret = await this.secrets.carryForward(em, {
            clientId,
            clientSecret,
            needsSecret: auth.needsSecret,
            immediate,
            validFrom: options.validFrom,
            inForce,
          });
          generatedSecret = secret.generatedSecret;
          const secretEnc = secret.secretEnc;
          return { content: snapshotContent(definition, entity.oauthClientId, auth), extra: { secretEnc } };
        });
        if (constrained)
          await this.catalog.assertClientSnapshotDeclared(
            em,
            setupId,
            clientId,
            edited.snapshot.id,
            definition.scopes,
            now,
          );
        // A change in force now takes scopes it drops from the consents now; a scheduled one when it comes into force.
        const at = new Date(Math.max(now.getTime(), edited.snapshot.validFrom.getTime()));
        const followed = edited.immediate
          ? await this.consents.trim(em, { clientIds: [clientId] }, at, actor.subject)
          : [];
        return { ...edited, followed };
      },
      ({ snapshot, previousContent, followed }) => [
        new ClientUpdatedEvent(setupId, clientId, snapshot.id, snapshot.validFrom, actor.subject, now, change, [
          ...jsonPatch(previousContent ?? {}, snapshot.content),
          // A secret set by the edit shows as changed, never as itself.
          ...(clientSecret !== undefined
            ? [{ op: 'replace' as const, path: '/client_secret', value: MASKED_SECRET }]
            : []),
        ]),
        ...followed,
      ],
    );
    const defaults = await this.policy.setupDefaults(
      this.dataSource.manager,
      setupId,
      result.immediate ? now : result.snapshot.validFrom,
    );
    return {
      view: toClientView(result.snapshot, defaults, result.immediate ? 'active' : 'scheduled'),
      revision: result.revision,
      generatedSecret,
    };
  }
}
