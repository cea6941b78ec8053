import type { ClientConfigurationCache } from '@app/clients';
import { ClientConfigurationChangeFeed } from '../apps/api/src/authorization-server/client-configuration-change-feed';
import { DATABASES } from './support/databases';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * The feed by which an instance learns what other instances of one PostgreSQL database changed: it reads
 * the audit trail, and must name every change once, including one whose transaction committed after
 * newer entries were already read (its event id is older than theirs).
 */
(DATABASES.includes('postgres') ? describe : describe.skip)('change feed of other instances (PostgreSQL)', () => {
  let t: TestApp;
  let feed: ClientConfigurationChangeFeed;
  const named: string[] = [];
  const cache = {
    changeFeed: false,
    forClient: (_setupId: string, clientId: string) => named.push(`client ${clientId}`),
    forSetup: (setupId: string) => named.push(`setup ${setupId}`),
  } as unknown as ClientConfigurationCache;
  let n = 0;

  beforeAll(async () => {
    t = await startTestApp('postgres');
    feed = new ClientConfigurationChangeFeed(t.dataSource, cache);
  });
  afterAll(() => t.close());

  /** An audit entry as another instance writes it, with an event id made at `ms`. */
  async function committed(ms: number, entityType: 'client' | 'setup' | 'resource-server', entityId: string) {
    const eventId = ms.toString(16).padStart(12, '0') + (n++).toString(16).padStart(20, '0');
    await t.dataSource.query(
      `INSERT INTO audit_entry (event_id, occurred_at, actor, action, entity_type, entity_id, setup_id, snapshot_id, details)
       VALUES ($1, $2, 'elsewhere', $3, $4, $5, 'setup-1', NULL, $6)`,
      [eventId, ms, `${entityType}.updated`, entityType, entityId, JSON.stringify({ client_id: `oauth-${entityId}` })],
    );
  }

  it('names each change once, a late-committed one too, and ignores other kinds of entity', async () => {
    const now = Date.now() + 60_000; // after every entry the application itself wrote
    await feed.poll(now);
    named.length = 0;

    await committed(now - 1000, 'client', 'a');
    await committed(now - 900, 'resource-server', 'r');
    await feed.poll(now);
    expect(named).toEqual(['client a']);
    expect(cache.changeFeed).toBe(true);

    // Made before `a` (an older id) but committed only now, as a slow transaction does.
    await committed(now - 2000, 'client', 'late');
    await committed(now + 100, 'setup', 'setup-1');
    await feed.poll(now + 200);
    expect(named.sort()).toEqual(['client a', 'client late', 'setup setup-1']);

    await feed.poll(now + 300);
    expect(named).toHaveLength(3);
  });
});
