import type { ClientDefaults } from '@app/setups';
import type { ClientDefinition } from './client-definition';

/** The client fields a setup's client_defaults provide when the client leaves them out. */
export const INHERITABLE_FIELDS = [
  'grant_types',
  'access_token_ttl',
  'refresh_token_ttl',
  'id_token_ttl',
  'persisted_consent_ttl',
  'force_reauthentication',
] as const;
export type InheritableField = (typeof INHERITABLE_FIELDS)[number];

/**
 * What a client that leaves `field` out gets: the setup's default, else the built-in one (grant types
 * only; an empty `grant_types` default, as nevisMeta's examples send, sets none).
 */
export function inheritedValue(field: InheritableField, defaults: ClientDefaults | undefined): unknown {
  if (field === 'grant_types') return defaults?.grant_types?.length ? defaults.grant_types : ['authorization_code'];
  return defaults?.[field];
}

/**
 * The values a client read shows for the fields the client leaves out, and their names. Reads show
 * what is in force, so the authorization server and the people reading agree on the effective value.
 */
export function inheritedFields(
  definition: ClientDefinition,
  defaults: ClientDefaults | undefined,
): { values: Partial<ClientDefinition>; names: InheritableField[] } {
  const values: Record<string, unknown> = {};
  const names: InheritableField[] = [];
  for (const field of INHERITABLE_FIELDS) {
    if (definition[field] !== undefined) continue;
    const value = inheritedValue(field, defaults);
    if (value === undefined) continue;
    values[field] = value;
    names.push(field);
  }
  return { values: values as Partial<ClientDefinition>, names };
}

/**
 * A body that comes from a read keeps inheriting: a field it lists in `inherited` whose value is
 * still the inherited one is left out again. A value the caller changed is the client's own from now on.
 */
export function withoutUnchangedInherited(
  definition: ClientDefinition,
  defaults: ClientDefaults | undefined,
): ClientDefinition {
  const { inherited, ...rest } = definition;
  if (!inherited?.length) return rest;
  const result: Record<string, unknown> = { ...rest };
  for (const field of INHERITABLE_FIELDS) {
    if (inherited.includes(field) && JSON.stringify(result[field]) === JSON.stringify(inheritedValue(field, defaults)))
      delete result[field];
  }
  return result as unknown as ClientDefinition;
}
