import type { ExamplesObject } from '@nestjs/swagger';
import { scheduledExample } from '../../../openapi/scheduled-example';

const RETAIL = {
  name: 'Retail banking',
  owner: 'security-team',
  comment: 'Authorization server of the retail apps',
  metadata: [{ name: 'region', value: 'EU', locale: 'en' }],
  client_defaults: {
    grant_types: ['authorization_code', 'refresh_token'],
    force_reauthentication: false,
    access_token_ttl: 3600,
    refresh_token_ttl: 15552000,
    id_token_ttl: 3600,
    persisted_consent_ttl: 31104000,
  },
  resource_server_defaults: {
    scope_policy_implicit_flow: 'not_allowed',
    scope_policy_authorization_code_flow: 'consent_required',
    scope_policy_refresh_token: 'no_consent',
    scope_policy_force_reauthentication: false,
  },
};

/** Request examples of POST and PUT .../setups; in force at once. */
export const SETUP_BODY_EXAMPLES: ExamplesObject = {
  retailBanking: { summary: 'A complete setup, in force at once', value: RETAIL },
  minimal: { summary: 'Only a name; everything else defaults', value: { name: 'Partner portal' } },
};

export const SETUP_UPDATE_EXAMPLES = (): ExamplesObject => ({
  ...SETUP_BODY_EXAMPLES,
  scheduled: scheduledExample('the retail setup with shorter access tokens', {
    ...RETAIL,
    client_defaults: { ...RETAIL.client_defaults, access_token_ttl: 900 },
  }),
});
