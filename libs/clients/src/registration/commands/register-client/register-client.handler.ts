import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type Actor, Clock, newId, ValidationFailedError } from '@app/core';
import { type RegistrationPolicy, SetupTimeline } from '@app/setups';
import { CreateClientCommand } from '../../../commands/create-client/create-client.command';
import { effectiveGrantTypes, resolveAuth } from '../../../rules/client-rules';
import { clientActor } from '../../registration-credential';
import { RegistrationGate, type RegistrationAdmission } from '../../registration-gate';
import { registrationPolicyErrors } from '../../registration-policy-rules';
import { initialAccessTokenRefused, registrationTokenRequired, unknownBearerToken } from '../../registration.errors';
import { hashToken, newBearerToken } from '../../registration-token';
import { RegisterClientCommand, type RegisterClientResult } from './register-client.command';

@CommandHandler(RegisterClientCommand)
export class RegisterClientHandler implements ICommandHandler<RegisterClientCommand> {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly setups: SetupTimeline,
    private readonly gate: RegistrationGate,
    private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute({ setupId, definition, credential }: RegisterClientCommand): Promise<RegisterClientResult> {
    const em = this.dataSource.manager;
    const now = this.clock.now();
    // A deleted setup keeps its snapshots (soft-deleted state): the existence check comes first.
    await this.setups.load(em, setupId);
    const setup = await this.setups.inForceAt(em, setupId, now);
    const policy: RegistrationPolicy = setup?.content.registration_policy ?? {};
    const access = policy.access ?? 'administrators';
    const registrationAccessToken = newBearerToken();
    const oauthClientId = newId();
    const admission: RegistrationAdmission = { tokenHash: hashToken(registrationAccessToken), via: 'api' };
    let actor: Actor;

    if (credential.kind === 'principal') {
      actor = credential.actor;
    } else {
      if (credential.kind === 'bearer') {
        const iat = await this.gate.findInitialAccessToken(em, credential.token);
        // Neither an API token nor an initial access token: an invalid bearer token (401, as everywhere).
        if (!iat) throw unknownBearerToken();
        if (iat.setupId !== setupId) throw initialAccessTokenRefused('it was issued for another setup');
        if (access === 'administrators')
          throw initialAccessTokenRefused('this setup accepts registrations from administrators only');
        if (iat.expiresAt <= now) throw initialAccessTokenRefused(`it expired at ${iat.expiresAt.toISOString()}`);
        if (iat.uses >= iat.maxUses) throw initialAccessTokenRefused(`all of its ${iat.maxUses} uses are spent`);
        admission.via = 'initial_access_token';
        admission.initialAccessTokenId = iat.id;
      } else if (access === 'anyone') {
        admission.via = 'anyone';
      } else {
        throw registrationTokenRequired(
          access === 'initial_access_token' ? 'an initial access token or API token' : 'an API token',
        );
      }
      const grantTypes = effectiveGrantTypes(definition, setup?.content.client_defaults?.grant_types);
      const errors = registrationPolicyErrors(policy, definition, grantTypes, resolveAuth(definition));
      if (errors.length) throw new ValidationFailedError('INVALID_CLIENT_METADATA', errors);
      admission.maxClients = policy.max_clients;
      actor = clientActor(oauthClientId);
    }

    const created = await this.commandBus.execute(
      new CreateClientCommand(
        setupId,
        { ...definition, client_id: oauthClientId },
        undefined,
        undefined,
        actor,
        admission,
      ),
    );
    return { ...created, registrationAccessToken };
  }
}
