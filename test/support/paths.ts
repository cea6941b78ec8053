/** The API paths the specs call (without API_PREFIX). */
export const SETUPS = '/v2/modules/oauthv2/setups';

export const setupPath = (setupId: string) => `${SETUPS}/${setupId}`;
export const clientsPath = (setupId: string) => `${SETUPS}/${setupId}/clients`;
export const resourceServersPath = (setupId: string) => `${SETUPS}/${setupId}/resource-servers`;
