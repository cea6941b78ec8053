import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ClientSecretVerifier } from '@app/clients';
import {
  type Actor,
  Clock,
  DomainError,
  EventLoopSlices,
  EventOutbox,
  type FieldError,
  type SharedUnit,
  ValidationFailedError,
} from '@app/core';
import { ScopeCatalog } from '@app/resource-servers';
import { SetupEditChecks } from '@app/setups';
import type { ChangeSetDocument, ChangeSetOutcome, PlannedChange } from './change-set-document';
import { changeSteps, type ChangeStep, type StepContext } from './change-steps';
import { ChangeSetAppliedEvent } from './events/change-set-applied.event';
import { planHash } from './plan-hash';
import { type SetupState, SetupStateReader } from './setup-state.reader';

/**
 * The most changes (creates, updates, deletes) one change set may make. Every change runs its entity's
 * command in the change set's one transaction; on SQLite that work holds the event loop (about 1 ms a
 * client), so 1,000 new clients held every other request for a second. Larger documents are applied
 * in parts. Documented in the README and the OpenAPI description of plan and apply.
 */
export const MAX_CHANGES = 100;
/** As the HTTP layer's error cap: past this many errors the document is refused anyway. */
const MAX_LISTED_ERRORS = 100;

/**
 * Apply checks the plan hash; a plan has none. `force`: make a change of client_defaults even if
 * inheriting clients would break a rule with it (CLIENT_DEFAULTS_IN_USE), as `?force=true` on PUT.
 */
export type RunMode = ({ apply: false } | { apply: true; planHash: string }) & { force?: boolean };

/**
 * Plan and apply are one procedure: every change is made by the existing command of its entity, all
 * in one transaction at one instant, each in a savepoint so that every entity's violations are
 * collected. Apply commits; plan rolls back. So a plan lists exactly what apply does, checked by exactly
 * the rules apply enforces.
 */
@Injectable()
export class ChangeSetRunner {
  constructor(
    private readonly reader: SetupStateReader,
    private readonly commands: CommandBus,
    private readonly events: EventOutbox,
    private readonly catalog: ScopeCatalog,
    private readonly verifier: ClientSecretVerifier,
    private readonly clock: Clock,
    private readonly setupChecks: SetupEditChecks,
  ) {}

  /**
   * Change sets of this process run one at a time. Each holds a transaction's connection while the
   * entity commands it runs read through the pool (PostgreSQL); several at once could take every pooled
   * connection and wait for one more. Change sets are rare, administrative writes.
   */
  private queue: Promise<unknown> = Promise.resolve();

  run(...args: Parameters<ChangeSetRunner['runNow']>): Promise<ChangeSetOutcome> {
    const next = this.queue.then(() => this.runNow(...args));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async runNow(
    setupId: string,
    doc: ChangeSetDocument,
    validFrom: Date | undefined,
    actor: Actor,
    mode: RunMode,
  ): Promise<ChangeSetOutcome> {
    // A document with this many broken fields is refused whatever the state: no need to read and hash it.
    if (doc.errors.length >= MAX_LISTED_ERRORS) throw brokenDocument(doc.errors);
    const now = this.clock.now();
    const scheduled = validFrom && validFrom.getTime() > now.getTime() ? validFrom : undefined;
    const secrets: Record<string, string> = {};
    const entities: string[] = [];
    let hash = '';
    const context: StepContext = { commands: this.commands, verifier: this.verifier, actor, scheduled };
    const prepared = await this.prepare(setupId, doc, validFrom, scheduled ?? now, context);
    const changes = await this.events.runShared(
      now,
      mode.apply,
      async (step, unit) => {
        // Apply holds the setup row (PostgreSQL) from the hash check to the commit: another change set,
        // or a resource-server write, waits, and is then judged against what this one committed.
        if (mode.apply) await this.catalog.lockForResourceServerWrite(unit.em, setupId);
        const state = await this.reader.read(setupId, scheduled ?? now);
        hash = planHash(state, doc.raw, validFrom);
        if (mode.apply && mode.planHash !== hash) {
          throw new DomainError(
            'PRECONDITION_FAILED',
            'The setup, the document or valid_from differs from what the plan was made of; plan again and review the changes.',
          );
        }
        const errors: FieldError[] = [...doc.errors];
        let steps: ChangeStep[];
        if (prepared.hash === hash && prepared.revisions === revisionsOf(state)) {
          steps = prepared.steps;
          errors.push(...prepared.errors);
        } else steps = await changeSteps(state, doc, context, errors);
        if (steps.length > MAX_CHANGES) {
          errors.push({
            path: doc.root,
            message: `a change set makes at most ${MAX_CHANGES} changes, and this one would make ${steps.length}: split the document into several (without prune) and apply them one after another`,
          });
        }
        // Each change runs its entity's command (about a millisecond of database work on SQLite, which
        // holds the event loop): none when the change set is too large, or refused already anyway.
        const runnable = steps.length <= MAX_CHANGES && errors.length < MAX_LISTED_ERRORS ? steps : [];
        const runAll = async () => {
          for (const s of runnable) {
            try {
              const done = await step(() => s.execute());
              entities.push(`${s.change.kind}:${s.change.action}:${done.entityId}`);
              if (done.generatedSecret) secrets[s.change.key] = done.generatedSecret;
            } catch (err) {
              collect(err, s.pointer, errors);
            }
          }
          await this.checkScopes(step, unit, setupId, steps, errors);
          if (errors.length) throw brokenDocument(errors);
        };
        // The setup's own command runs forced (see change-steps.ts): what its clients inherit is judged
        // here once, on the state the whole change set leaves, so that a change set may change the
        // defaults and give the clients that need them their own values together. Refused: 409
        // CLIENT_DEFAULTS_IN_USE, as the setup edit answers, and nothing of the change set is kept.
        if (!mode.force && runnable.some((s) => s.change.kind === 'setup'))
          await this.setupChecks.around(unit.em, setupId, now, runAll);
        else await runAll();
        return steps.map((s) => s.change);
      },
      (made: PlannedChange[], memberEvents) =>
        made.length
          ? [
              new ChangeSetAppliedEvent(
                setupId,
                scheduled ?? now,
                actor.subject,
                now,
                entities,
                memberEvents.map((e) => e.eventId),
              ),
            ]
          : [],
    );
    return {
      changes,
      plan_hash: hash,
      valid_from: (scheduled ?? now).toISOString(),
      ...(mode.apply && Object.keys(secrets).length ? { client_secrets: secrets } : {}),
    };
  }

  /**
   * The changes, worked out before the transaction, with turns for the event loop between entities:
   * comparing a document of a thousand clients with the state takes tens of milliseconds, which on
   * SQLite would hold every other request if done in the transaction (its unit may await nothing but
   * the database). The transaction reads the state again and reuses these when it is the same (same
   * plan hash, same revisions), else works them out again there.
   */
  private async prepare(
    setupId: string,
    doc: ChangeSetDocument,
    validFrom: Date | undefined,
    at: Date,
    context: StepContext,
  ): Promise<{ hash: string; revisions: string; steps: ChangeStep[]; errors: FieldError[] }> {
    const slices = new EventLoopSlices();
    const state = await this.reader.read(setupId, at);
    await slices.next();
    const errors: FieldError[] = [];
    const steps = await changeSteps(state, doc, { ...context, pause: () => slices.next() }, errors);
    return { hash: planHash(state, doc.raw, validFrom), revisions: revisionsOf(state), steps, errors };
  }

  /**
   * Resource-server commands run with force, because a change set may move a scope between resource
   * servers and the clients using it in any order; the check that no client is left with an undeclared
   * scope runs here once, on the state the whole change set leaves.
   */
  private async checkScopes(
    step: <T>(part: () => Promise<T>) => Promise<T>,
    unit: SharedUnit,
    setupId: string,
    steps: ChangeStep[],
    errors: FieldError[],
  ): Promise<void> {
    const touched = steps.filter((s) => s.scopeNames !== undefined);
    if (!touched.length || errors.length) return;
    const names = touched.some((s) => s.scopeNames === null)
      ? null
      : [...new Set(touched.flatMap((s) => s.scopeNames!))];
    try {
      await step(() => this.catalog.assertResourceServerChange(unit.em, setupId, unit.now, names, false));
    } catch (err) {
      collect(err, '/resource_servers', errors);
    }
  }
}

/** The revisions the changes are made against (If-Match of each update and delete). */
function revisionsOf(state: SetupState): string {
  const entities = [...state.resourceServers, ...state.clients].map((e) => `${e.id}:${e.revision}`);
  return [state.setup.revision, ...entities].join(',');
}

function brokenDocument(errors: FieldError[]): ValidationFailedError {
  const counted = errors.length >= MAX_LISTED_ERRORS ? `${MAX_LISTED_ERRORS} or more` : String(errors.length);
  return new ValidationFailedError(
    'INVALID_REQUEST',
    errors,
    `The document breaks ${counted} rule(s); see errors (JSON pointers into the document).`,
  );
}

/** A violation of one entity's rules becomes errors under its pointer; anything else ends the run. */
function collect(err: unknown, pointer: string, errors: FieldError[]): void {
  if (err instanceof ValidationFailedError) {
    errors.push(...err.errors.map((e) => ({ path: `${pointer}${e.path}`, message: e.message })));
    return;
  }
  if (err instanceof DomainError && !['PRECONDITION_FAILED', 'DATABASE_UNAVAILABLE'].includes(err.code)) {
    errors.push({ path: pointer, message: `${err.code}: ${err.message}` });
    return;
  }
  throw err;
}
