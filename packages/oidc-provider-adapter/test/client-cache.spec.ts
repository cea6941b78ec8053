import { ClientCache } from '../lib/client-cache';
import { toProviderMetadata } from '../lib/provider-metadata';

/** A registry answering from a map, counting the reads (the real one is exercised by test/authorization-server.e2e-spec.ts). */
function fakeRegistry(clients: Record<string, Record<string, unknown>>) {
  const api = {
    reads: 0,
    pending: [] as Array<() => void>,
    hold: false,
    async clientConfiguration(id: string) {
      api.reads += 1;
      if (api.hold) await new Promise<void>((resolve) => api.pending.push(resolve));
      return clients[id] ? structuredClone(clients[id]) : null;
    },
  };
  return api;
}

const configuration = (overrides: Record<string, unknown> = {}) => ({
  client_id: 'web',
  client_secret: 'current-secret',
  redirect_uris: ['https://app.example.com/cb'],
  grant_types: ['authorization_code', 'password'],
  response_types: ['id_token code'],
  token_endpoint_auth_method: 'client_secret_basic',
  pkce_mode: 'allowed',
  previous_client_secrets: [],
  registry: {
    setup_id: 's',
    entity_id: 'e1',
    snapshot_id: 'n',
    valid_from: '2026-01-01T00:00:00Z',
    next_change_at: null,
  },
  ...overrides,
});

const logger = { warn() {}, error() {} };

describe('toProviderMetadata', () => {
  it('keeps what the provider serves, spells response types its way, and leaves the previous secrets out', () => {
    const metadata = toProviderMetadata(
      configuration({ previous_client_secrets: [{ client_secret: 'old', expires_at: '2030-01-01T00:00:00Z' }] }),
    );
    expect(metadata).toEqual({
      client_id: 'web',
      client_secret: 'current-secret',
      redirect_uris: ['https://app.example.com/cb'],
      grant_types: ['authorization_code'],
      response_types: ['code id_token'],
      token_endpoint_auth_method: 'client_secret_basic',
      pkce_mode: 'allowed',
    });
  });
});

describe('ClientCache', () => {
  it('reads a client once while it is fresh, and shares one read between concurrent look-ups', async () => {
    const api = fakeRegistry({ web: configuration() });
    const sut = new ClientCache(api, { ttlMs: () => 60_000, logger });
    const [a, b] = await Promise.all([sut.find('web'), sut.find('web')]);
    expect(a).toEqual(b);
    await sut.find('web');
    expect(api.reads).toBe(1);
    expect(await sut.find('unknown')).toBeUndefined();
  });

  it('drops a client on its event (by internal id) and every client on a setup event', async () => {
    const api = fakeRegistry({ web: configuration(), other: configuration({ client_id: 'other' }) });
    const sut = new ClientCache(api, { ttlMs: () => 60_000, logger });
    await sut.find('web');
    await sut.find('other');
    sut.invalidate({ entityType: 'client', entityId: 'e1', details: { change: 'secret-rotated' } });
    await sut.find('web');
    expect(api.reads).toBe(3);
    sut.invalidate({ entityType: 'resource_server', entityId: 'r1', details: {} });
    await sut.find('web');
    expect(api.reads).toBe(3);
    sut.invalidate({ entityType: 'setup', entityId: 's', details: {} });
    await sut.find('web');
    await sut.find('other');
    expect(api.reads).toBe(5);
  });

  it('does not keep a read that raced with an event', async () => {
    const api = fakeRegistry({ web: configuration() });
    const sut = new ClientCache(api, { ttlMs: () => 60_000, logger });
    api.hold = true;
    const racing = sut.find('web');
    await new Promise((r) => setImmediate(r));
    sut.invalidate({ entityType: 'client', entityId: 'e1', details: {} });
    api.pending.forEach((release) => release());
    api.hold = false;
    await racing;
    await sut.find('web');
    expect(api.reads).toBe(2);
  });

  it('accepts a previous secret until its expiry only, and reads the client again when it expires', async () => {
    const expiresAt = new Date(Date.now() + 60_000).toISOString();
    const api = fakeRegistry({
      web: configuration({ previous_client_secrets: [{ client_secret: 'old-secret', expires_at: expiresAt }] }),
    });
    const sut = new ClientCache(api, { ttlMs: () => 3_600_000, logger });
    await sut.find('web');
    expect(sut.matchesPreviousSecret('web', 'old-secret')).toBe(true);
    expect(sut.matchesPreviousSecret('web', 'current-secret')).toBe(false);
    expect(sut.matchesPreviousSecret('web', 'old-secre')).toBe(false);
    expect(sut.entries.get('web').expiresAt).toBe(Date.parse(expiresAt));
    jest.spyOn(Date, 'now').mockReturnValue(Date.parse(expiresAt));
    try {
      expect(sut.matchesPreviousSecret('web', 'old-secret')).toBe(false);
    } finally {
      jest.restoreAllMocks();
    }
  });
});
