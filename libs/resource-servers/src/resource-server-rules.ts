import { type FieldError, jsonPointer } from '@app/core';
import { duplicateMetadataErrors } from '@app/setups';
import type { ResourceServerDefinition } from './resource-server-definition';

/** The rules across fields of a resource server: every violation at once, as JSON pointers. */
export function resourceServerDefinitionErrors(def: Partial<ResourceServerDefinition>): FieldError[] {
  const errors = duplicateMetadataErrors(def.metadata, ['metadata']);
  const names = new Map<string, number>();
  // Also called on bodies whose fields are not all well-typed (to list every problem at once).
  (Array.isArray(def.scopes) ? def.scopes : []).forEach((scope, i) => {
    if (typeof scope?.name !== 'string') return;
    const first = names.get(scope.name);
    if (first !== undefined)
      errors.push({
        path: jsonPointer(['scopes', i, 'name']),
        message: `scope "${scope.name}" is already declared at /scopes/${first}`,
      });
    else names.set(scope.name, i);
    errors.push(...duplicateMetadataErrors(scope.metadata, ['scopes', i, 'metadata']));
  });
  return errors;
}
