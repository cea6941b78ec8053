import createClient from 'openapi-fetch';
import type { paths } from './generated/schema';

/**
 * What a user of the generated client writes: typed paths, parameters and bodies, no casts. The spec
 * type-checks this file against the types generated from /docs-json, then runs it.
 */
export async function createSetupAndClient(baseUrl: string, token: string) {
  const api = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${token}` } });
  const module = 'oauthv2' as const;

  const setup = await api.POST('/v2/modules/{module}/setups', {
    params: { path: { module } },
    body: { name: 'Typed client setup', metadata: [{ name: 'region', value: 'EU', locale: 'en' }] },
  });
  if (!setup.data) throw new Error(`create setup: ${setup.response.status} ${JSON.stringify(setup.error)}`);
  const setupId: string = setup.data.setupId;

  const client = await api.POST('/v2/modules/{module}/setups/{setupId}/clients', {
    params: { path: { module, setupId } },
    body: {
      name: 'Typed client',
      redirect_uris: ['https://typed.example.com/callback'],
      grant_types: ['authorization_code'],
      access_token_ttl: 600,
    },
  });
  if (!client.data) throw new Error(`create client: ${client.response.status} ${JSON.stringify(client.error)}`);
  const clientId: string = client.data.clientId;

  const read = await api.GET('/v2/modules/{module}/setups/{setupId}/clients/{clientId}', {
    params: { path: { module, setupId, clientId } },
  });
  const listed = await api.GET('/v2/modules/{module}/setups', {
    params: { path: { module }, query: { metadata: { region: 'EU' }, validAt: 'any' } },
  });
  const missing = await api.GET('/v2/modules/{module}/setups/{setupId}', {
    params: { path: { module, setupId: '0'.repeat(32) } },
  });
  // The problem body is typed too: its code is the enum of the codes the service answers.
  const code: string | undefined = missing.error?.code;
  return {
    setupId,
    clientId,
    client: read.data,
    etag: read.response.headers.get('etag'),
    listedSetupIds: listed.data?.setupIds,
    missing: { status: missing.response.status, code },
  };
}
