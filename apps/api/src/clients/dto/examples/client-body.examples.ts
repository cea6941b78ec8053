import type { ExamplesObject } from '@nestjs/swagger';
import { scheduledExample } from '../../../openapi/scheduled-example';

/** An RSA public key generated for this example (2048 bits; the private half was thrown away). */
const PARTNER_SIGNING_KEY = {
  kty: 'RSA',
  kid: 'partner-signing-2026',
  use: 'sig',
  alg: 'RS256',
  n: 'wCsR8I9WrIECax7b79mzQ6ShgJml1CRu6D7UxoA4CbSknyZhFskCX3f8DLbWHCEO88rI8QswWef-T6-ncHOBdts-bPcDzvWo98Vt7DfNywrDGMo7h-eZuzRPUqHAw2UsQaA5mi-QUMpzNXQDwYTKN2EHmsvnY7k8fYpKUAk3C_SWzylha8HlPWvGR9BhHBRz8pRxWdvkqr04ktjKp-DtHb5C_UuqLxFKpY8sCbqxk_z26gSeQ04NrJV59vp_ob3SoDGcniDOHb8UyfQmvJCsC7eaK5nxVfynEUh7smbpynqlKb7_1fG92GxYCrezXs0jCBlCObn3i18awZc5eBdWEQ',
  e: 'AQAB',
};

const WEB_APP = {
  name: 'Online banking web app',
  owner: 'team-retail',
  comment: 'Server-side web application; the secret stays on the server.',
  redirect_uris: ['https://bank.example.com/callback'],
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  scopes: ['accounts:read'],
  token_endpoint_auth_method: 'client_secret_basic',
  contacts: ['security@bank.example.com'],
  client_uri: 'https://bank.example.com',
  metadata: [{ name: 'department', value: 'Retail', locale: 'en' }],
  access_token_ttl: 600,
};

/**
 * Request examples of POST and PUT .../clients, one per kind of client. None sets client_id or
 * client_secret (both are generated, so each example can be run again) and none schedules, except
 * the one named so; their scopes are the ones the resource-server example declares.
 */
export const CLIENT_BODY_EXAMPLES: ExamplesObject = {
  webApp: {
    summary: 'Web application (confidential, client_secret_basic, authorization code)',
    value: WEB_APP,
  },
  spa: {
    summary: 'Single-page app (public, PKCE S256, no secret)',
    value: {
      name: 'Budget planner SPA',
      owner: 'team-retail',
      redirect_uris: ['https://budget.example.com/callback'],
      grant_types: ['authorization_code', 'refresh_token'],
      confidentiality_type: 'public',
      token_endpoint_auth_method: 'none',
      pkce_mode: 's256_required',
      scopes: ['accounts:read'],
    },
  },
  nativeApp: {
    summary: 'Native mobile app (public, PKCE S256, private-use scheme redirect)',
    value: {
      name: 'Banking app for iOS and Android',
      owner: 'team-mobile',
      redirect_uris: ['com.example.bank:/oauth/callback'],
      grant_types: ['authorization_code', 'refresh_token'],
      confidentiality_type: 'public',
      token_endpoint_auth_method: 'none',
      pkce_mode: 's256_required',
      scopes: ['accounts:read'],
      refresh_token_ttl: 2592000,
    },
  },
  machineToMachine: {
    summary: 'Machine-to-machine service (client_credentials)',
    value: {
      name: 'Statement batch job',
      owner: 'team-back-office',
      comment: 'Nightly job: client_credentials only, so no redirect URIs.',
      grant_types: ['client_credentials'],
      token_endpoint_auth_method: 'client_secret_post',
      scopes: ['accounts:read'],
      access_token_ttl: 300,
    },
  },
  privateKeyJwt: {
    summary: 'Partner with private_key_jwt (its public key in jwks)',
    value: {
      name: 'Partner aggregator',
      owner: 'team-partners',
      redirect_uris: ['https://partner.example.org/oauth/callback'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'private_key_jwt',
      jwks: { keys: [PARTNER_SIGNING_KEY] },
      id_token_signed_response_alg: 'RS256',
      scopes: ['accounts:read'],
    },
  },
};

/** PUT also shows how to schedule a change. */
export const CLIENT_UPDATE_EXAMPLES = (): ExamplesObject => ({
  ...CLIENT_BODY_EXAMPLES,
  scheduled: scheduledExample('The web application with a shorter token lifetime', {
    ...WEB_APP,
    access_token_ttl: 300,
  }),
});
