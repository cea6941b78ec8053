import { Injectable } from '@nestjs/common';
import { type Actor, ValidationFailedError } from '@app/core';
import { type ClientDefaults, SetupTimeline } from '@app/setups';
import type { EntityManager } from 'typeorm';
import { forbiddenClient } from './client.errors';
import { ClientTimeline } from './client.timeline';
import { withoutUnchangedInherited } from './client-defaults';
import type { ClientDefinition } from './client-definition';
import { publicKeyErrors } from './keys/public-key-checks';
import { clientDefinitionErrors, effectiveGrantTypes } from './rules/client-rules';

/**
 * What a client may be and who may change it: every rule and key check against the setup's defaults,
 * what a client inherits from its setup, and ownership. Create and edit share it.
 */
@Injectable()
export class ClientPolicy {
  constructor(
    private readonly setups: SetupTimeline,
    private readonly timeline: ClientTimeline,
  ) {}

  /**
   * Checks a definition against every client rule and key check, with the grant types its setup gives
   * by default at `at` (its client_defaults in force then). SETUP_NOT_FOUND for an unknown setup;
   * INVALID_CLIENT_METADATA with every violation otherwise.
   */
  async assertValid(
    em: EntityManager,
    setupId: string,
    definition: ClientDefinition,
    clientSecret: string | undefined,
    at: Date,
  ): Promise<void> {
    // A deleted setup keeps its snapshots: the existence check comes first.
    const { inForce: setup } = await this.setups.loadInForceAt(em, setupId, at);
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
   * or of the first one for a client that is not valid yet. Returns that owner.
   */
  async assertMayChange(em: EntityManager, clientId: string, actor: Actor, at: Date): Promise<string | null> {
    const current =
      (await this.timeline.inForceAt(em, clientId, at)) ?? (await this.timeline.firstSnapshot(em, clientId));
    const owner = current?.owner ?? null;
    if (!actor.admin && owner !== actor.subject) throw forbiddenClient(actor);
    return owner;
  }
}
