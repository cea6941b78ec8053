import type { SnapshotState } from '@app/versioning';
import type { ResourceServerDefaults } from '@app/setups';
import type { ResourceServerSnapshotEntity } from './entities/resource-server-snapshot.entity';
import {
  POLICY_FIELDS,
  type PolicyField,
  type ResourceServerDefinition,
  type ScopeDefinition,
} from './resource-server-definition';
import { inheritedPolicy } from './scope-inheritance';

/** A scope as reads show it: every policy filled in, and `inherited` naming those the scope leaves to its setup. */
export type ScopeView = ScopeDefinition & Required<Pick<ScopeDefinition, PolicyField>> & { inherited: PolicyField[] };

export type ResourceServerView = Omit<ResourceServerDefinition, 'scopes'> & {
  resourceServerId: string;
  snapshotId: string;
  state?: SnapshotState;
  valid_from: string;
  scopes: ScopeView[];
};

export interface ResourceServerRead {
  view: ResourceServerView;
  revision: number;
}

/**
 * A resource-server snapshot as the API shows it. A policy a scope leaves out is the setup's
 * resource_server_defaults (as in force at the instant the read is about), else the built-in one.
 */
export function toResourceServerView(
  snapshot: ResourceServerSnapshotEntity,
  defaults: ResourceServerDefaults | undefined,
  state?: SnapshotState,
): ResourceServerView {
  const { scopes, ...rest } = snapshot.content;
  return {
    resourceServerId: snapshot.ownerId,
    snapshotId: snapshot.id,
    ...(state ? { state } : {}),
    ...rest,
    scopes: scopes.map((scope) => {
      const inherited = POLICY_FIELDS.filter((field) => scope[field] === undefined);
      const filled = Object.fromEntries(inherited.map((field) => [field, inheritedPolicy(field, defaults)]));
      return { ...scope, ...filled, inherited } as ScopeView;
    }),
    valid_from: snapshot.validFrom.toISOString(),
  };
}
