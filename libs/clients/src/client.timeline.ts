import { Injectable } from '@nestjs/common';
import { type Actor, DomainError, NotFoundError, ValidationFailedError } from '@app/core';
import { publicKeyErrors } from './keys/public-key-checks';
import { clientDefinitionErrors, effectiveGrantTypes } from './rules/client-rules';
import { type ClientDefaults, SetupTimeline } from '@app/setups';
import { withoutUnchangedInherited } from './client-defaults';
import { type Precondition, SnapshotTimeline } from '@app/versioning';
import type { EntityManager } from 'typeorm';
import type { ClientDefinition } from './client-definition';
import { ClientEntity } from './entities/client.entity';
import {
  ClientSnapshotEntity,
  ClientSnapshotMetadataEntity,
  ClientSnapshotScopeEntity,
} from './entities/client-snapshot.entity';

export function forbiddenClient(actor: Actor): DomainError {
  return new DomainError(
    'FORBIDDEN',
    `"${actor.subject}" may only manage the clients it owns (owner "${actor.subject}").`,
  );
}

export function clientNotFound(clientId: string): NotFoundError {
  return new NotFoundError('CLIENT_NOT_FOUND', `No client with id "${clientId}" exists in this setup.`);
}

@Injectable()
export class ClientTimeline extends SnapshotTimeline<ClientEntity, ClientSnapshotEntity, ClientDefinition> {
  constructor(private readonly setups: SetupTimeline) {
    super({
      label: 'client',
      entity: ClientEntity,
      snapshot: ClientSnapshotEntity,
      metadata: ClientSnapshotMetadataEntity,
      scopes: ClientSnapshotScopeEntity,
      ownerColumn: 'client_id',
      notFound: clientNotFound,
      describe: (content) => content,
      parentProperty: 'setupId',
    });
  }

  /**
   * Checks a definition against every client rule and key check, with the grant types its setup gives
   * by default at `at` (its client_defaults in force then). SETUP_NOT_FOUND for an unknown setup;
   * INVALID_CLIENT_METADATA with every violation otherwise. Create and edit share it.
   */
  async assertValid(
    em: EntityManager,
    setupId: string,
    definition: ClientDefinition,
    clientSecret: string | undefined,
    at: Date,
  ): Promise<void> {
    // One read when the setup is in force; the existence check only for one that is not (yet).
    const setup = await this.setups.inForceAt(em, setupId, at);
    if (!setup) await this.setups.load(em, setupId);
    const grantTypes = effectiveGrantTypes(definition, setup?.content.client_defaults?.grant_types);
    const errors = [
      ...clientDefinitionErrors(definition, clientSecret, { grantTypes }),
      ...(definition.jwks ? await publicKeyErrors(definition.jwks.keys) : []),
    ];
    if (errors.length) throw new ValidationFailedError('INVALID_CLIENT_METADATA', errors);
  }

  /** The client_defaults of the setup in force at `at` (what clients inherit then). */
  async setupDefaults(em: EntityManager, setupId: string, at: Date): Promise<ClientDefaults | undefined> {
    return (await this.setups.inForceAt(em, setupId, at))?.content.client_defaults;
  }

  /** Drops the `inherited` marker of a body, and the inherited values it sent back unchanged. */
  async withoutInheritedValues(
    em: EntityManager,
    setupId: string,
    definition: ClientDefinition,
    at: Date,
  ): Promise<ClientDefinition> {
    if (definition.inherited === undefined) return definition;
    return withoutUnchangedInherited(
      definition,
      definition.inherited.length ? await this.setupDefaults(em, setupId, at) : undefined,
    );
  }

  /**
   * Refuses a non-admin actor unless it owns the client: the owner of the snapshot in force at `at`,
   * or of the first one for a client that is not valid yet.
   */
  async assertMayChange(em: EntityManager, clientId: string, actor: Actor, at: Date): Promise<string | null> {
    const current =
      (await this.inForceAt(em, clientId, at)) ??
      (await this.snapshots(em).findOne({ where: { ownerId: clientId }, order: { validFrom: 'ASC' } }));
    const owner = current?.owner ?? null;
    if (!actor.admin && owner !== actor.subject) throw forbiddenClient(actor);
    return owner;
  }

  /**
   * A client of the given setup. A client id of another setup is unknown here; under a setup that
   * does not exist the answer is SETUP_NOT_FOUND.
   */
  async loadInSetup(
    em: EntityManager,
    setupId: string,
    clientId: string,
    options: { lock?: boolean; precondition?: Precondition } = {},
  ): Promise<ClientEntity> {
    return this.loadOwnedBy(em, setupId, clientId, () => this.setups.load(em, setupId), options);
  }
}
