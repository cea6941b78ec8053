import type { ChangeSetDocument, ClientEntry, DocumentEntry } from '@app/change-sets';
import type { ResourceServerDefinition } from '@app/resource-servers';
import type { SetupDefinition } from '@app/setups';
import { type FieldError, jsonPointer } from '@app/core';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { ClientBodyDto } from '../clients/dto/client-body.dto';
import { toClientDefinition } from '../clients/to-client-definition';
import { type ProblemCodeCarrier, toFieldErrors } from '../http/validation.pipe';
import { ResourceServerBodyDto } from '../resource-servers/dto/resource-server-body.dto';
import { SetupBodyDto } from '../setups/dto/setup-body.dto';

const DOCUMENT_MEMBERS = ['setup', 'resource_servers', 'clients', 'prune'];
const ENV_REFERENCE = /^\$\{env:[^}]*\}$/;

/**
 * Checks a configuration document with the request DTOs of the three entity kinds (the same field and
 * cross-field rules as their POST and PUT), reporting every violation with a pointer into the document.
 * Entities whose bodies pass go on to the domain checks of the plan.
 */
export async function readDocument(raw: unknown, root: string): Promise<ChangeSetDocument> {
  const errors: FieldError[] = [];
  const doc: ChangeSetDocument = { raw, resourceServers: [], clients: [], prune: false, errors };
  if (!isObject(raw)) {
    errors.push({ path: root, message: 'the document must be a JSON object with setup, resource_servers and clients' });
    return doc;
  }
  for (const member of Object.keys(raw)) {
    if (!DOCUMENT_MEMBERS.includes(member))
      errors.push({
        path: `${root}${jsonPointer([member])}`,
        message: `${member} is not a known member of a document`,
      });
  }
  if (raw.prune !== undefined && typeof raw.prune !== 'boolean')
    errors.push({ path: `${root}/prune`, message: 'prune must be a boolean' });
  doc.prune = raw.prune === true;

  const setup = await entry<SetupBodyDto>(SetupBodyDto, raw.setup, `${root}/setup`, errors);
  if (setup)
    doc.setup = { pointer: setup.pointer, definition: withoutValidFrom(setup.dto, setup.pointer) as SetupDefinition };

  for (const item of await list(ResourceServerBodyDto, raw.resource_servers, `${root}/resource_servers`, errors)) {
    doc.resourceServers.push({
      pointer: item.pointer,
      definition: withoutValidFrom(item.dto, item.pointer) as unknown as ResourceServerDefinition,
    } satisfies DocumentEntry<ResourceServerDefinition>);
  }

  const clients = raw.clients;
  const secrets = new Map<number, string | undefined>();
  if (Array.isArray(clients)) {
    clients.forEach((body, i) => {
      if (!isObject(body) || body.client_secret === undefined) return;
      const secret = body.client_secret;
      const path = `${root}/clients/${i}/client_secret`;
      if (isObject(secret)) {
        if (Object.keys(secret).length !== 1 || secret.keep !== true)
          errors.push({ path, message: 'client_secret is a string, or {"keep": true} to keep the current secret' });
        secrets.set(i, undefined);
      } else if (typeof secret === 'string' && ENV_REFERENCE.test(secret)) {
        errors.push({ path, message: `${secret} is a reference that only the CLI resolves; send the secret itself` });
        secrets.set(i, undefined);
      }
    });
  }
  const withoutKeep = Array.isArray(clients)
    ? clients.map((body, i) => (secrets.has(i) && isObject(body) ? { ...body, client_secret: undefined } : body))
    : clients;
  for (const item of await list(ClientBodyDto, withoutKeep, `${root}/clients`, errors)) {
    const { valid_from, client_secret, ...definition } = item.dto;
    if (valid_from !== undefined) errors.push(validFromError(item.pointer));
    doc.clients.push({
      pointer: item.pointer,
      definition: toClientDefinition(definition),
      ...(client_secret !== undefined ? { secret: client_secret } : {}),
    } satisfies ClientEntry);
  }
  return doc;

  function withoutValidFrom<T extends { valid_from?: string }>(dto: T, pointer: string): Omit<T, 'valid_from'> {
    const { valid_from, ...definition } = dto;
    if (valid_from !== undefined) errors.push(validFromError(pointer));
    return definition;
  }
}

function validFromError(pointer: string): FieldError {
  return {
    path: `${pointer}/valid_from`,
    message: 'an entity of a document has no valid_from of its own: the whole change set takes one (apply valid_from)',
  };
}

async function list<T extends object>(
  dto: new () => T,
  value: unknown,
  pointer: string,
  errors: FieldError[],
): Promise<Array<{ pointer: string; dto: T }>> {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    errors.push({ path: pointer, message: 'must be an array' });
    return [];
  }
  const out: Array<{ pointer: string; dto: T }> = [];
  for (const [i, body] of value.entries()) {
    const checked = await entry(dto, body, `${pointer}/${i}`, errors);
    if (checked) out.push(checked);
  }
  return out;
}

/** One entity body checked as its POST would check it; null (and errors) when it breaks a rule. */
async function entry<T extends object>(
  dto: new () => T,
  body: unknown,
  pointer: string,
  errors: FieldError[],
): Promise<{ pointer: string; dto: T } | null> {
  if (!isObject(body)) {
    errors.push({ path: pointer, message: 'must be a JSON object' });
    return null;
  }
  const instance = plainToInstance(dto, body);
  const found = toFieldErrors(
    await validate(instance, {
      whitelist: true,
      forbidNonWhitelisted: true,
      stopAtFirstError: true,
      validationError: { target: false, value: false },
    }),
  );
  const broken = new Set(found.map((e) => e.path));
  const carrier = dto as unknown as ProblemCodeCarrier;
  const more = carrier.crossFieldErrors?.(instance, broken).filter((e) => !broken.has(e.path)) ?? [];
  const all = [...found, ...more];
  errors.push(...all.map((e) => ({ path: `${pointer}${e.path}`, message: e.message })));
  return all.length ? null : { pointer, dto: instance };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
