import type { ChangeSetDocument, ClientEntry, DocumentEntry } from '@app/change-sets';
import type { ResourceServerDefinition } from '@app/resource-servers';
import type { SetupDefinition } from '@app/setups';
import { EventLoopSlices, type FieldError, jsonPointer } from '@app/core';
import { ClientBodyDto } from '../clients/dto/client-body.dto';
import { toClientDefinition } from '../clients/to-client-definition';
import { inspectBodyText } from '../http/body-text';
import { prefilterBody } from '../http/dto-prefilter';
import { FieldErrorCollector, MAX_REPORTED_ERRORS } from '../http/field-errors';
import { validateInSlices } from '../http/sliced-validation';
import type { ProblemCodeCarrier } from '../http/validation.pipe';
import { ResourceServerBodyDto } from '../resource-servers/dto/resource-server-body.dto';
import { SetupBodyDto } from '../setups/dto/setup-body.dto';

const DOCUMENT_MEMBERS = ['setup', 'resource_servers', 'clients', 'prune'];
const ENV_REFERENCE = /^\$\{env:[^}]*\}$/;

/**
 * Checks a configuration document with the request DTOs of the three entity kinds (the same field and
 * cross-field rules as their POST and PUT, the same refusal of unknown members and hostile text),
 * reporting violations with pointers into the document. Entities whose bodies pass go on to the domain
 * checks of the plan. A document holds up to a thousand entities: the event loop gets a turn every few
 * milliseconds, and once MAX_REPORTED_ERRORS errors are found the remaining entities are not checked.
 */
export async function readDocument(raw: unknown, root: string): Promise<ChangeSetDocument> {
  const errors: FieldError[] = [];
  const doc: ChangeSetDocument = { raw, root, resourceServers: [], clients: [], prune: false, errors };
  const slices = new EventLoopSlices();
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

  const setup = await entry<SetupBodyDto>(SetupBodyDto, raw.setup, `${root}/setup`, errors, slices);
  if (setup)
    doc.setup = { pointer: setup.pointer, definition: withoutValidFrom(setup.dto, setup.pointer) as SetupDefinition };

  for (const item of await list(
    ResourceServerBodyDto,
    raw.resource_servers,
    `${root}/resource_servers`,
    errors,
    slices,
  )) {
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
  for (const item of await list(ClientBodyDto, withoutKeep, `${root}/clients`, errors, slices)) {
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
  slices: EventLoopSlices,
): Promise<Array<{ pointer: string; dto: T }>> {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    errors.push({ path: pointer, message: 'must be an array' });
    return [];
  }
  const out: Array<{ pointer: string; dto: T }> = [];
  for (const [i, body] of value.entries()) {
    const checked = await entry(dto, body, `${pointer}/${i}`, errors, slices);
    if (checked) out.push(checked);
  }
  return out;
}

/**
 * One entity body checked as its POST would check it; null (and errors) when it breaks a rule, or
 * when MAX_REPORTED_ERRORS errors were found before it (it is not checked then: the document is refused
 * anyway, and a thousand broken entities would otherwise cost as much as checking a thousand).
 */
async function entry<T extends object>(
  dto: new () => T,
  body: unknown,
  pointer: string,
  errors: FieldError[],
  slices: EventLoopSlices,
): Promise<{ pointer: string; dto: T } | null> {
  if (errors.length >= MAX_REPORTED_ERRORS) return null;
  await slices.next();
  if (!isObject(body)) {
    errors.push({ path: pointer, message: 'must be a JSON object' });
    return null;
  }
  // Members the DTO does not declare, over-long lists and hostile text, as the ValidationPipe refuses them.
  const early = new FieldErrorCollector();
  prefilterBody(body, dto, early);
  inspectBodyText(body, early);
  const budget = Math.max(0, MAX_REPORTED_ERRORS - errors.length - early.errors.length);
  const { dto: instance, errors: found, stopped } = await validateInSlices(body, dto, budget, slices);
  const seen = new Set(early.errors.map((e) => `${e.path} ${e.message}`));
  const fieldErrors = [...early.errors, ...found.filter((e) => !seen.has(`${e.path} ${e.message}`))];
  const broken = new Set(fieldErrors.map((e) => e.path));
  const carrier = dto as unknown as ProblemCodeCarrier;
  const more = stopped ? [] : (carrier.crossFieldErrors?.(instance, broken).filter((e) => !broken.has(e.path)) ?? []);
  const all = [...fieldErrors, ...more];
  errors.push(...all.map((e) => ({ path: `${pointer}${e.path}`, message: e.message })));
  return all.length ? null : { pointer, dto: instance };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
