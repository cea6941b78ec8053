import type { ExamplesObject } from '@nestjs/swagger';
import { scheduledExample } from '../../../openapi/scheduled-example';

const ACCOUNTS_API = {
  name: 'Accounts API',
  owner: 'team-accounts',
  comment: 'Account data of retail customers.',
  uri: 'https://api.bank.example.com/accounts',
  metadata: [{ name: 'department', value: 'Retail', locale: 'en' }],
  scopes: [
    {
      name: 'accounts:read',
      metadata: [{ name: 'title', value: 'Read your accounts', locale: 'en' }],
      policy_authorization_code_flow: 'consent_required',
      policy_refresh_token: 'no_consent',
      custom_claims: 'account_ids',
    },
    {
      name: 'accounts:write',
      metadata: [{ name: 'title', value: 'Move money between your accounts', locale: 'en' }],
      policy_authorization_code_flow: 'consent_required',
      policy_implicit_flow: 'not_allowed',
      policy_force_reauthentication: true,
    },
  ],
};

/** Request examples of POST and PUT .../resource-servers; the client examples ask for accounts:read. */
export const RESOURCE_SERVER_BODY_EXAMPLES: ExamplesObject = {
  accountsApi: { summary: 'An API with two scopes, in force at once', value: ACCOUNTS_API },
};

export const RESOURCE_SERVER_UPDATE_EXAMPLES = (): ExamplesObject => ({
  ...RESOURCE_SERVER_BODY_EXAMPLES,
  scheduled: scheduledExample('the Accounts API with a third scope', {
    ...ACCOUNTS_API,
    scopes: [...ACCOUNTS_API.scopes, { name: 'accounts:close', policy_authorization_code_flow: 'consent_required' }],
  }),
});
