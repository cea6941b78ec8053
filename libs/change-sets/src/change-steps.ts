import type { CommandBus } from '@nestjs/cqrs';
import {
  type ClientDefinition,
  ClientSecretVerifier,
  CreateClientCommand,
  DeleteClientCommand,
  SECRET_AUTH_METHODS,
  storedClientContent,
  UpdateClientCommand,
} from '@app/clients';
import {
  type Actor,
  byCodePoint,
  canonical,
  type FieldError,
  isEqualJson,
  jsonPatch,
  jsonPointer,
  MASKED_SECRET,
} from '@app/core';
import {
  CreateResourceServerCommand,
  DeleteResourceServerCommand,
  UpdateResourceServerCommand,
} from '@app/resource-servers';
import { UpdateSetupCommand } from '@app/setups';
import type { ChangeSetDocument, ClientEntry, DocumentEntry, PlannedChange } from './change-set-document';
import { type Body, KEEP_SECRET } from './export-form';
import type { EntityState, SetupState } from './setup-state.reader';

/** One change of a change set, and the existing command that makes it. */
export interface ChangeStep {
  change: PlannedChange;
  /** Where errors of this change point to in the document. */
  pointer: string;
  /** Runs the command; answers the entity id, and a secret the server generated. */
  execute(): Promise<{ entityId: string; generatedSecret?: string }>;
  /** Scope names a resource-server change may take away (null: any, for a new one). */
  scopeNames?: string[] | null;
}

export interface StepContext {
  commands: CommandBus;
  verifier: ClientSecretVerifier;
  actor: Actor;
  /** A future valid_from: every snapshot is scheduled for it. Absent: in force at once. */
  scheduled?: Date;
  /** Called between entities: lets the event loop in (only outside a transaction). */
  pause?: () => Promise<void>;
}

/**
 * The changes that turn the state into the document, in the order that lets each command's own checks
 * pass: the setup (its defaults), resource servers (the scopes clients need), clients, then deletions.
 * Document-level problems (missing or duplicate keys, scheduled deletions) go to `errors`.
 */
export async function changeSteps(
  state: SetupState,
  doc: ChangeSetDocument,
  ctx: StepContext,
  errors: FieldError[],
): Promise<ChangeStep[]> {
  const steps: ChangeStep[] = [];
  const { setupId } = state;
  const options = (revision: number) => ({ validFrom: ctx.scheduled, precondition: [revision] });

  if (doc.setup && !isEqualJson(state.setup.body, doc.setup.definition)) {
    const definition = doc.setup.definition;
    steps.push({
      change: change('update', 'setup', definition.name ?? '', state.setup.body, definition),
      pointer: doc.setup.pointer,
      execute: async () => {
        // Forced: the runner checks what inheriting clients get once, after every change (CLIENT_DEFAULTS_IN_USE).
        await ctx.commands.execute(
          new UpdateSetupCommand(setupId, definition, options(state.setup.revision), ctx.actor, true),
        );
        return { entityId: setupId };
      },
    });
  }

  const servers = keyed(doc.resourceServers, (e) => e.definition.name, 'name', state.resourceServers, errors);
  const deletions: ChangeStep[] = [];
  for (const { entry, existing } of servers) {
    await ctx.pause?.();
    const definition = entry.definition;
    if (!existing) {
      steps.push({
        change: change('create', 'resource_server', definition.name!, null, definition),
        pointer: entry.pointer,
        scopeNames: null,
        execute: async () => {
          const created = await ctx.commands.execute(
            new CreateResourceServerCommand(setupId, definition, ctx.scheduled, true, ctx.actor),
          );
          return { entityId: created.resourceServerId };
        },
      });
    } else if (!isEqualJson(existing.body, definition)) {
      steps.push({
        change: change('update', 'resource_server', existing.key, existing.body, definition),
        pointer: entry.pointer,
        scopeNames: scopeNames(existing.body),
        execute: async () => {
          await ctx.commands.execute(
            new UpdateResourceServerCommand(
              setupId,
              existing.id,
              definition,
              options(existing.revision),
              true,
              ctx.actor,
            ),
          );
          return { entityId: existing.id };
        },
      });
    }
  }

  const clients = keyed(doc.clients, (e) => e.definition.client_id, 'client_id', state.clients, errors);
  for (const { entry, existing } of clients) {
    await ctx.pause?.();
    const step = await clientStep(entry, existing, state, ctx);
    if (step) steps.push(step);
  }

  if (doc.prune && !doc.errors.length) {
    const named = (list: Array<{ key: string | undefined }>) => new Set(list.map((e) => e.key));
    const keepClients = named(clients.map((c) => ({ key: c.entry.definition.client_id })));
    for (const existing of state.clients.filter((c) => c.body && !keepClients.has(c.key))) {
      deletions.push({
        change: { action: 'delete', kind: 'client', key: existing.key, patch: [] },
        pointer: '/clients',
        execute: async () => {
          await ctx.commands.execute(new DeleteClientCommand(setupId, existing.id, [existing.revision], ctx.actor));
          return { entityId: existing.id };
        },
      });
    }
    const keepServers = named(servers.map((s) => ({ key: s.entry.definition.name })));
    for (const existing of state.resourceServers.filter((r) => r.body && !keepServers.has(r.key))) {
      deletions.push({
        change: { action: 'delete', kind: 'resource_server', key: existing.key, patch: [] },
        pointer: '/resource_servers',
        scopeNames: scopeNames(existing.body),
        execute: async () => {
          await ctx.commands.execute(
            new DeleteResourceServerCommand(setupId, existing.id, [existing.revision], true, ctx.actor),
          );
          return { entityId: existing.id };
        },
      });
    }
    if (deletions.length && ctx.scheduled) {
      errors.push({
        path: '/prune',
        message: `deletions take effect at once and cannot be scheduled: ${deletions.length} entities would be deleted; apply the prune without valid_from, or leave prune out`,
      });
    }
  }
  return [...steps, ...deletions];
}

async function clientStep(
  entry: ClientEntry,
  existing: EntityState | undefined,
  state: SetupState,
  ctx: StepContext,
): Promise<ChangeStep | null> {
  const { setupId } = state;
  const oauthClientId = entry.definition.client_id!;
  const owner = entry.definition.owner ?? (existing?.body?.owner as string | undefined) ?? ctx.actor.subject;
  const definition: ClientDefinition = { ...entry.definition, owner };
  const content = storedClientContent(definition, oauthClientId);
  const desired: Body = canonical({
    ...content,
    ...(SECRET_AUTH_METHODS.includes(content.token_endpoint_auth_method!) ? { client_secret: KEEP_SECRET } : {}),
  });
  const secretChanges =
    entry.secret !== undefined &&
    !(existing?.body?.client_secret && (await ctx.verifier.verify(existing.id, entry.secret, state.at)));
  if (existing && !secretChanges && isEqualJson(existing.body, desired)) return null;
  const shown = secretChanges ? { ...desired, client_secret: MASKED_SECRET } : desired;
  if (!existing) {
    return {
      change: change('create', 'client', oauthClientId, null, shown),
      pointer: entry.pointer,
      execute: async () => {
        const created = await ctx.commands.execute(
          new CreateClientCommand(setupId, entry.definition, entry.secret, ctx.scheduled, ctx.actor),
        );
        return { entityId: created.clientId, generatedSecret: created.generatedSecret };
      },
    };
  }
  return {
    change: change('update', 'client', oauthClientId, existing.body, shown),
    pointer: entry.pointer,
    execute: async () => {
      const updated = await ctx.commands.execute(
        new UpdateClientCommand(
          setupId,
          existing.id,
          entry.definition,
          secretChanges ? entry.secret : undefined,
          { validFrom: ctx.scheduled, precondition: [existing.revision] },
          ctx.actor,
        ),
      );
      return { entityId: existing.id, generatedSecret: updated.generatedSecret };
    },
  };
}

function change(
  action: PlannedChange['action'],
  kind: PlannedChange['kind'],
  key: string,
  from: Body | null,
  to: object,
): PlannedChange {
  return { action, kind, key, patch: jsonPatch(from ?? {}, canonical(to)) };
}

function scopeNames(body: Body | null): string[] {
  return ((body?.scopes as Array<{ name: string }> | undefined) ?? []).map((s) => s.name);
}

/**
 * Pairs each document entity with the existing one of the same key, in key order. A missing or
 * repeated key, or a key two existing entities share, is an error of the document.
 */
function keyed<E extends DocumentEntry<object>>(
  entries: E[],
  keyOf: (entry: E) => string | undefined,
  keyField: string,
  existing: EntityState[],
  errors: FieldError[],
): Array<{ entry: E; existing?: EntityState }> {
  const seen = new Set<string>();
  const out: Array<{ entry: E; existing?: EntityState }> = [];
  for (const entry of entries) {
    const key = keyOf(entry);
    const path = `${entry.pointer}${jsonPointer([keyField])}`;
    if (key === undefined) {
      errors.push({ path, message: `${keyField} is required in a document: it is the key of the entity` });
      continue;
    }
    if (seen.has(key)) {
      errors.push({ path, message: `${keyField} "${key}" appears more than once in the document` });
      continue;
    }
    seen.add(key);
    const matches = existing.filter((e) => e.key === key);
    if (matches.length > 1) {
      errors.push({
        path,
        message: `${matches.length} entities of the setup have ${keyField} "${key}"; rename one first`,
      });
      continue;
    }
    out.push({ entry, existing: matches[0] });
  }
  return out.sort((a, b) => byCodePoint(keyOf(a.entry)!, keyOf(b.entry)!));
}
