'use strict';

/**
 * Follows the registry's events for one setup on NATS JetStream (an ordered consumer from the moment
 * of subscribing: `<prefix>.<module>.<setupId>.>`) and hands each to `onEvent`. `onHealth(false)`
 * when the connection is lost (events may be missed meanwhile), `onHealth(true)` once it is back.
 */
async function followRegistryEvents({ servers, stream, subjectPrefix, module, setupId, onEvent, onHealth, logger }) {
  const { connect } = require('@nats-io/transport-node');
  const { jetstream, DeliverPolicy } = require('@nats-io/jetstream');
  const nc = await connect({ servers, name: 'oidc-provider-adapter', maxReconnectAttempts: -1 });
  try {
    const consumer = await jetstream(nc).consumers.get(stream, {
      // One subject as a string: servers before 2.10 know filter_subject only.
      filter_subjects: `${subjectPrefix}.${module}.${setupId}.>`,
      deliver_policy: DeliverPolicy.New,
    });
    const messages = await consumer.consume();
    void (async () => {
      for await (const m of messages) {
        try {
          onEvent(m.json());
        } catch (err) {
          logger.warn(`oauth-registry: ignored an event that is not JSON: ${err.message}`);
        }
      }
    })();
  } catch (err) {
    await nc.close();
    throw err;
  }
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect') onHealth(false);
      if (status.type === 'reconnect') onHealth(true);
    }
  })();
  return { close: () => nc.close() };
}

module.exports = { followRegistryEvents };
