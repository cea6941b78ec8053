import type { ResourceServerDefaults } from '@app/setups';
import {
  BUILT_IN_SCOPE_POLICIES,
  DEFAULT_OF,
  POLICY_FIELDS,
  type PolicyField,
  type ResourceServerDefinition,
  type ScopeDefinition,
} from './resource-server-definition';

/** What a scope that leaves `field` out gets: the setup's default, else the built-in one. */
export function inheritedPolicy(field: PolicyField, defaults: ResourceServerDefaults | undefined) {
  return defaults?.[DEFAULT_OF[field]] ?? BUILT_IN_SCOPE_POLICIES[DEFAULT_OF[field]];
}

/**
 * A body that comes from a read keeps inheriting: a policy a scope lists in `inherited` whose value is
 * still the inherited one is left out again; a value the caller changed becomes the scope's own.
 */
export function withoutUnchangedInheritedPolicies(
  definition: ResourceServerDefinition,
  defaults: ResourceServerDefaults | undefined,
): ResourceServerDefinition {
  return {
    ...definition,
    scopes: definition.scopes.map((scope) => {
      const { inherited, ...rest } = scope as ScopeDefinition & { inherited?: string[] };
      const result: Record<string, unknown> = { ...rest };
      for (const field of POLICY_FIELDS) {
        if (inherited?.includes(field) && result[field] === inheritedPolicy(field, defaults)) delete result[field];
      }
      return result as unknown as ScopeDefinition;
    }),
  };
}
