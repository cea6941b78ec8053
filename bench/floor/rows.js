'use strict';

/**
 * The rows one create-client writes, built the way the service builds them (same tables, same column
 * values, same JSON content), without validation or encryption: the floor stores, it does not check.
 */

const { randomBytes } = require('node:crypto');

const newId = () => randomBytes(16).toString('hex');
const eventId = (now) => now.toString(16).padStart(12, '0').slice(-12) + randomBytes(10).toString('hex');

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** Everything to insert for one POST …/clients body. */
function clientRows(setupId, body, actor, withOutbox) {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new HttpError(400, 'INVALID_CLIENT_METADATA');
  const { client_secret: secret, valid_from: _validFrom, ...rest } = body;
  const now = Date.now();
  const clientId = newId();
  const snapshotId = newId();
  const oauthClientId = typeof rest.client_id === 'string' ? rest.client_id : newId();
  const content = {
    ...rest,
    owner: rest.owner ?? actor,
    client_id: oauthClientId,
    confidentiality_type: 'confidential',
    token_endpoint_auth_method: 'client_secret_basic',
  };
  const event = {
    eventId: eventId(now),
    occurredAt: now,
    actor,
    action: 'client.created',
    entityType: 'client',
    entityId: clientId,
    setupId,
    snapshotId,
    details: JSON.stringify({ client_id: oauthClientId, valid_from: new Date(now).toISOString() }),
  };
  return {
    now,
    client: [clientId, setupId, oauthClientId, snapshotId, 1, now],
    snapshot: [
      snapshotId,
      clientId,
      now,
      'settled',
      content.name ?? null,
      content.owner ?? null,
      JSON.stringify(content),
      now,
      typeof secret === 'string' ? secret : null,
    ],
    metadata: (Array.isArray(rest.metadata) ? rest.metadata : []).map((m, i) => [
      snapshotId,
      i,
      m.name,
      m.value ?? null,
      m.locale ?? null,
    ]),
    scopes: [...new Set(Array.isArray(rest.scopes) ? rest.scopes : [])],
    audit: event,
    outbox: withOutbox
      ? [event.eventId, setupId, 'client', clientId, 'client.created', JSON.stringify(event), now]
      : null,
    answer: { clientId, snapshotId },
  };
}

module.exports = { HttpError, clientRows, newId };
