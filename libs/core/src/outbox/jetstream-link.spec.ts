import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { testStream, type TestStream } from '../../../../test/support/nats';
import { JetStreamLink } from './jetstream-link';
import type { OutboxMessage } from './outbox-table';

/**
 * The relay's link to the real broker of this machine: what the stream acknowledges, what it already
 * had, and a stream deleted behind the relay's back (nothing counts as published, and the next attempt
 * creates the stream again).
 */
describe('JetStreamLink', () => {
  let stream: TestStream;
  let link: JetStreamLink;
  let n = 0;

  beforeEach(() => {
    stream = testStream();
    link = new JetStreamLink(stream.config, () => undefined);
  });
  afterEach(async () => {
    await link.close();
    await stream.drop();
  });

  const message = (entityId: string, eventId = `${Date.now().toString(16)}${(n++).toString(16).padStart(20, '0')}`) =>
    ({
      seq: String(n),
      eventId,
      setupId: 'setup1',
      entityType: 'client',
      entityId,
      action: 'client.updated',
      payload: JSON.stringify({ eventId, n }),
    }) satisfies OutboxMessage;

  it('publishes each message once, each entity in order, and reports what the stream already had', async () => {
    expect(await link.ready()).toBe(true);
    const batch = [message('a'), message('b'), message('a'), message('c'), message('a')];
    const first = await link.publish(batch);
    expect(first.failure).toBeUndefined();
    expect(first.acked).toHaveLength(5);
    expect(first.duplicates).toBe(0);

    // Published again (an acknowledgement was lost): the stream keeps one copy of each.
    const again = await link.publish(batch.slice(0, 2));
    expect([again.acked.length, again.duplicates, again.failure]).toEqual([2, 2, undefined]);

    const stored = await stream.read();
    // Entities interleave in any order; each entity's messages keep theirs.
    expect(stored.map((m) => m.msgId).sort()).toEqual(batch.map((m) => m.eventId).sort());
    expect(stored.filter((m) => m.subject.includes('.client.a.')).map((m) => m.msgId)).toEqual(
      [batch[0], batch[2], batch[4]].map((m) => m.eventId),
    );
  });

  it('counts nothing as published when the stream is gone, and sets it up again on the next attempt', async () => {
    expect(await link.ready()).toBe(true);
    const nc = await connect({ servers: stream.config.servers });
    await (await jetstreamManager(nc)).streams.delete(stream.config.stream);
    await nc.close();

    const lost = await link.publish([message('a'), message('b')]);
    expect(lost.acked).toEqual([]);
    expect(String(lost.failure)).toMatch(/no stream listens/);

    expect(await link.ready()).toBe(true);
    const retried = await link.publish([message('a')]);
    expect([retried.acked.length, retried.failure]).toEqual([1, undefined]);
    expect(await stream.read()).toHaveLength(1);
  });
});
