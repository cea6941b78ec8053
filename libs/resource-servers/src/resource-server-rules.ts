import { type FieldError, jsonPointer } from '@app/core';
import { duplicateMetadataErrors } from '@app/setups';
import type { ResourceServerDefinition } from './resource-server-definition';

/**
 * The rules across fields of a resource server: every violation at once, as JSON pointers; at most
 * `limit` of them (the HTTP layer reports at most 100 and counts the rest as omitted).
 */
export function resourceServerDefinitionErrors(def: Partial<ResourceServerDefinition>, limit = Infinity): FieldError[] {
  const errors = duplicateMetadataErrors(def.metadata, ['metadata'], limit);
  const names = new Map<string, number>();
  // Also called on bodies whose fields are not all well-typed (to list every problem at once).
  (Array.isArray(def.scopes) ? def.scopes : []).forEach((scope, i) => {
    if (errors.length >= limit || typeof scope?.name !== 'string') return;
    const first = names.get(scope.name);
    if (first !== undefined)
      errors.push({
        path: jsonPointer(['scopes', i, 'name']),
        message: `scope "${scope.name}" is already declared at /scopes/${first}`,
      });
    else names.set(scope.name, i);
    errors.push(...duplicateMetadataErrors(scope.metadata, ['scopes', i, 'metadata'], limit - errors.length));
  });
  return errors;
}
