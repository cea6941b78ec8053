import { getMetadataStorage } from 'class-validator';

type Storage = ReturnType<typeof getMetadataStorage>;
type Metadatas = ReturnType<Storage['getTargetValidationMetadatas']>;
type Grouped = ReturnType<Storage['groupByPropertyName']>;
type Target = Parameters<Storage['getTargetValidationMetadatas']>[0];

let installed = false;

/**
 * Memoizes class-validator's metadata lookups. For every object it validates (the body and each nested
 * item), class-validator filters its metadata again and walks every decorated class with `instanceof`
 * to find inherited rules, then groups the result by property: the same answer each time, since the
 * decorators all ran when the DTO modules loaded. This keeps the answers per class (without groups,
 * which the service does not use) and drops them whenever a rule is registered later. The rules that
 * run, and their order, are unchanged.
 */
export function cacheValidationMetadata(): void {
  if (installed) return;
  installed = true;
  const storage = getMetadataStorage();
  const lookup = storage.getTargetValidationMetadatas.bind(storage);
  const group = storage.groupByPropertyName.bind(storage);
  const add = storage.addValidationMetadata.bind(storage);
  let lookups = new Map<Target, Map<string, Metadatas>>();
  let groupings = new WeakMap<Metadatas, Grouped>();

  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    if (groups?.length) return lookup(target, schema, always, strictGroups, groups);
    const key = `${schema} ${always} ${strictGroups}`;
    let perTarget = lookups.get(target);
    if (!perTarget) lookups.set(target, (perTarget = new Map()));
    let found = perTarget.get(key);
    if (!found) perTarget.set(key, (found = lookup(target, schema, always, strictGroups, groups)));
    return found;
  };
  storage.groupByPropertyName = (metadatas) => {
    let grouped = groupings.get(metadatas);
    if (!grouped) groupings.set(metadatas, (grouped = group(metadatas)));
    return grouped;
  };
  storage.addValidationMetadata = (metadata) => {
    lookups = new Map();
    groupings = new WeakMap();
    add(metadata);
  };
}
