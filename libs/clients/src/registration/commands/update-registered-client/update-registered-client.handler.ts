import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock, type FieldError, ValidationFailedError } from '@app/core';
import { SetupTimeline } from '@app/setups';
import { ClientSecretVerifier } from '../../../client-secret-verifier';
import { ClientTimeline } from '../../../client.timeline';
import type { ClientDefinition } from '../../../client-definition';
import { UpdateClientCommand, type UpdateClientResult } from '../../../commands/update-client/update-client.command';
import { effectiveGrantTypes, resolveAuth } from '../../../rules/client-rules';
import { clientActor } from '../../registration-credential';
import { RegistrationGate } from '../../registration-gate';
import { registrationPolicyErrors } from '../../registration-policy-rules';
import { UpdateRegisteredClientCommand } from './update-registered-client.command';

/** Fields RFC 7591 has no name for: the client cannot send them, so its update keeps them as they are. */
const KEPT_FIELDS = [
  'owner',
  'comment',
  'pkce_mode',
  'access_token_ttl',
  'refresh_token_ttl',
  'id_token_ttl',
  'persisted_consent_ttl',
  'force_reauthentication',
] as const;
/** Metadata items that the registration request carries (software_id, software_version); the others are kept. */
const REGISTRATION_METADATA = new Set(['software_id', 'software_version']);

@CommandHandler(UpdateRegisteredClientCommand)
export class UpdateRegisteredClientHandler implements ICommandHandler<UpdateRegisteredClientCommand> {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly gate: RegistrationGate,
    private readonly clients: ClientTimeline,
    private readonly setups: SetupTimeline,
    private readonly secrets: ClientSecretVerifier,
    private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute(command: UpdateRegisteredClientCommand): Promise<UpdateClientResult> {
    const { setupId, clientId } = command;
    const em = this.dataSource.manager;
    const now = this.clock.now();
    const { registration, client } = await this.gate.authenticate(em, setupId, clientId, command.token);

    const errors: FieldError[] = [];
    if (command.presentedClientId !== client.oauthClientId)
      errors.push({
        path: '/client_id',
        message: `client_id is required and must be this client's ("${client.oauthClientId}") (RFC 7592 §2.2)`,
      });
    if (
      command.presentedSecret !== undefined &&
      (typeof command.presentedSecret !== 'string' ||
        !(await this.secrets.verify(clientId, command.presentedSecret, now)))
    )
      errors.push({ path: '/client_secret', message: "client_secret, when sent, must be the client's current secret" });
    if (errors.length) throw new ValidationFailedError('INVALID_CLIENT_METADATA', errors);

    const current = (await this.clients.inForceAt(em, clientId, now))?.content ?? ({} as ClientDefinition);
    const definition = merged(current, command.definition);
    if (registration.via !== 'api') {
      // A self-registered client stays within the policy in force now (Keycloak applies it to updates too).
      const setup = await this.setups.inForceAt(em, setupId, now);
      const grantTypes = effectiveGrantTypes(definition, setup?.content.client_defaults?.grant_types);
      const policyErrors = registrationPolicyErrors(
        setup?.content.registration_policy ?? {},
        definition,
        grantTypes,
        resolveAuth(definition),
      );
      if (policyErrors.length) throw new ValidationFailedError('INVALID_CLIENT_METADATA', policyErrors);
    }
    return this.commandBus.execute(
      new UpdateClientCommand(setupId, clientId, definition, undefined, {}, clientActor(client.oauthClientId)),
    );
  }
}

function merged(current: ClientDefinition, request: ClientDefinition): ClientDefinition {
  // A request DTO may carry its absent members as undefined properties: they must not hide kept values.
  const update = Object.fromEntries(Object.entries(request).filter(([, v]) => v !== undefined)) as ClientDefinition;
  const kept: ClientDefinition = {};
  for (const field of KEPT_FIELDS) if (current[field] !== undefined) Object.assign(kept, { [field]: current[field] });
  const metadata = [
    ...(current.metadata ?? []).filter((m) => !REGISTRATION_METADATA.has(m.name)),
    ...(update.metadata ?? []),
  ];
  return { ...kept, ...update, client_id: current.client_id, ...(metadata.length ? { metadata } : {}) };
}
