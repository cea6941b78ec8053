/** Response headers the API answers, for `headers` of an OpenAPI response. */
export const LOCATION_HEADER = {
  Location: {
    description: 'The path of the new resource (with API_PREFIX when one is configured).',
    schema: { type: 'string', example: '/v2/modules/oauthv2/setups/3b9e2f4a6c8d0e1f2a3b4c5d6e7f8091' },
  },
};

export const ETAG_HEADER = {
  ETag: {
    description: "The entity's revision; send it back as If-Match to make sure nobody changed it in between.",
    schema: { type: 'string', example: '"1"' },
  },
};

export const LINK_HEADER = {
  Link: {
    description: 'Only when there is a next page: <...?cursor=...>; rel="next".',
    schema: { type: 'string' },
  },
};

export const NO_STORE_HEADER = {
  'Cache-Control': { description: 'no-store when the answer carries a secret.', schema: { type: 'string' } },
};
