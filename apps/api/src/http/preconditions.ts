import type { EditOptions, Precondition } from '@app/versioning';
import { DomainError } from '@app/core';
import type { FastifyReply } from 'fastify';
import { QueryReader } from './query';

/** A strong entity tag per revision: `"7"`. */
export function etagOf(revision: number): string {
  return `"${revision}"`;
}

/** Answers a read with its entity tag: the view, and `ETag` from the entity's revision. */
export function withEtag<V>(reply: FastifyReply, read: { view: V; revision: number }): V {
  void reply.header('etag', etagOf(read.revision));
  return read.view;
}

/**
 * Parses If-Match (RFC 9110 §13.1.1): `*`, or a list of entity tags compared strongly (a weak tag
 * never matches). Absent: no precondition.
 */
export function parseIfMatch(header: string | string[] | undefined): Precondition | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header.join(',') : header;
  if (value.trim() === '*') return '*';
  const revisions: number[] = [];
  for (const tag of value.split(',').map((t) => t.trim())) {
    const match = /^"(\d{1,15})"$/.exec(tag);
    if (match) revisions.push(Number(match[1]));
  }
  return revisions;
}

/**
 * If-Match that names entity tags, required: for changes where a lost update is not an overwrite but a
 * loss (a rotated secret handed out and at once rotated away by a parallel request). Absent, or `*`,
 * which matches whatever changed meanwhile: 428 PRECONDITION_REQUIRED (RFC 6585 §3).
 */
export function requiredIfMatch(header: string | undefined): Precondition {
  const precondition = parseIfMatch(header);
  if (precondition === undefined || precondition === '*')
    throw new DomainError(
      'PRECONDITION_REQUIRED',
      'Send If-Match with the ETag of the client (from GET, or from the previous rotation) to rotate its secret.',
    );
  return precondition;
}

/** PUT's options: `?replaceActiveState`, the body's valid_from and If-Match. */
export function editOptions(
  query: Record<string, string | string[] | undefined>,
  validFrom: string | undefined,
  ifMatch: string | undefined,
): EditOptions {
  return editOptionsWithForce(query, validFrom, ifMatch, false).options;
}

/** The same, and `?force=true` where the route takes it (resource servers). */
export function editOptionsWithForce(
  query: Record<string, string | string[] | undefined>,
  validFrom: string | undefined,
  ifMatch: string | undefined,
  forceAllowed = true,
): { options: EditOptions; force: boolean } {
  const q = new QueryReader(query, forceAllowed ? ['replaceActiveState', 'force'] : ['replaceActiveState']);
  const replaceActive = q.boolean('replaceActiveState');
  const force = forceAllowed && q.boolean('force');
  q.done();
  return {
    options: {
      validFrom: validFrom ? new Date(validFrom) : undefined,
      replaceActive,
      precondition: parseIfMatch(ifMatch),
    },
    force,
  };
}

/** `?force=true` alone (POST and DELETE of resource servers). */
export function forceOption(query: Record<string, string | string[] | undefined>): boolean {
  const q = new QueryReader(query, ['force']);
  const force = q.boolean('force');
  q.done();
  return force;
}
