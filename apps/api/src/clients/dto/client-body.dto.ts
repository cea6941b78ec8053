import {
  type ClientDefinition,
  clientDefinitionErrors,
  CONFIDENTIALITY_TYPES,
  GRANT_TYPES,
  ID_TOKEN_ENCRYPTION_ALGS,
  INHERITABLE_FIELDS,
  ID_TOKEN_ENCRYPTION_ENCS,
  ID_TOKEN_SIGNING_ALGS,
  MAX_REDIRECT_URI_LENGTH,
  PKCE_MODES,
  TOKEN_ENDPOINT_AUTH_METHODS,
} from '@app/clients';
import type { FieldError } from '@app/core';
import { IsEmail, IsIn, Matches, MaxLength } from 'class-validator';
import { MetadataItemDto } from '../../http/metadata-item.dto';
import {
  BooleanField,
  EnumField,
  InstantField,
  IntegerField,
  NestedField,
  Satisfies,
  SCOPE_TOKEN,
  StringArrayField,
  StringField,
  UrlField,
} from '../../http/validators';
import { JwksDto } from './jwks.dto';
import { JWKS_EXAMPLE } from './examples/jwks.example';

/** Printable ASCII (RFC 6749 VSCHAR). */
const PRINTABLE_ASCII = /^[\x20-\x7E]+$/;
const RESPONSE_TYPE_PARTS = new Set(['code', 'token', 'id_token']);
const MAX_TTL = 315_360_000;

const IsResponseType = () =>
  Satisfies(
    'isResponseType',
    '$property must hold code, token, id_token or a space-separated combination of them, or none',
    (value) => {
      if (typeof value !== 'string') return false;
      if (value === 'none') return true;
      const parts = value.split(' ');
      return parts.every((p) => RESPONSE_TYPE_PARTS.has(p)) && new Set(parts).size === parts.length;
    },
    { each: true },
  );

const ttl = (description: string) =>
  IntegerField({
    minimum: 0,
    maximum: MAX_TTL,
    example: 3600,
    description: `${description} in whole seconds; absent means the setup's default.`,
  });

/**
 * The body of POST and PUT .../clients: every field of the original documentation. Field-level
 * checks live here; rules across fields are plain functions in the clients library.
 */
export class ClientBodyDto {
  static readonly problemCode = 'INVALID_CLIENT_METADATA';

  /** The client rules, run on the fields that passed their own checks (a broken field is left out). */
  static crossFieldErrors(dto: ClientBodyDto, broken: ReadonlySet<string>): FieldError[] {
    const isBroken = (field: string) =>
      [...broken].some((path) => path === `/${field}` || path.startsWith(`/${field}/`));
    const wellTyped = Object.fromEntries(Object.entries(dto).filter(([field]) => !isBroken(field)));
    const definition = {
      ...wellTyped,
      redirect_uris: isBroken('redirect_uris') ? undefined : dto.redirect_uris,
    } as ClientDefinition;
    return clientDefinitionErrors(definition, isBroken('client_secret') ? undefined : dto.client_secret);
  }

  @StringArrayField(
    {
      maxItems: 100,
      items: { type: 'string', format: 'uri' },
      example: ['https://app.example.com/callback'],
      description:
        'Absolute redirect URIs, matched exactly: https, http only on 127.0.0.1, [::1] or localhost (not for implicit-flow clients), or a reverse-domain private-use scheme (com.example.app:/cb) for public clients. No fragments, wildcards or duplicates. Required (at least one) when the grant types in effect include authorization_code or implicit; optional, possibly empty, otherwise.',
    },
    MaxLength(MAX_REDIRECT_URI_LENGTH, { each: true }),
  )
  redirect_uris?: string[];

  @StringArrayField(
    {
      maxItems: GRANT_TYPES.length,
      unique: true,
      items: { type: 'string', enum: [...GRANT_TYPES] },
      example: ['authorization_code', 'refresh_token'],
      description: 'OAuth grant types; absent means the setup\'s client_defaults, else ["authorization_code"].',
    },
    IsIn([...GRANT_TYPES], { each: true, message: `$property must be among: ${GRANT_TYPES.join(', ')}` }),
  )
  grant_types?: string[];

  @StringArrayField(
    {
      maxItems: 100,
      unique: true,
      example: ['openid', 'profile', 'accounts:read'],
      description: 'Scope tokens (RFC 6749 §3.3) the client may request.',
    },
    Matches(SCOPE_TOKEN, {
      each: true,
      message: '$property must hold RFC 6749 scope tokens (printable ASCII, no spaces, quotes or backslashes)',
    }),
    MaxLength(255, { each: true }),
  )
  scopes?: string[];

  @StringArrayField(
    {
      maxItems: 7,
      unique: true,
      example: ['code'],
      description: 'code, token, id_token or space-separated combinations (order-insensitive), or none alone.',
    },
    IsResponseType(),
  )
  response_types?: string[];

  @StringArrayField(
    {
      maxItems: 100,
      unique: true,
      items: { type: 'string', format: 'email' },
      example: ['security@example.com'],
      description: 'E-mail addresses of people responsible for the client.',
    },
    IsEmail({}, { each: true, message: '$property must hold e-mail addresses' }),
  )
  contacts?: string[];

  @NestedField(() => MetadataItemDto, {
    isArray: true,
    maxItems: 100,
    description: 'Up to 100 name/value/locale items; (name, locale) unique.',
    example: [{ name: 'department', value: 'Retail', locale: 'en' }],
  })
  metadata?: MetadataItemDto[];

  @NestedField(() => JwksDto, {
    description: "The client's public keys; mutually exclusive with jwks_uri.",
    example: JWKS_EXAMPLE,
  })
  jwks?: JwksDto;

  @StringField({ maxLength: 255, example: 'Online banking web app' })
  name?: string;

  @StringField({ maxLength: 255, example: 'team-retail' })
  owner?: string;

  @StringField({ maxLength: 4096, example: 'Customer-facing web application.' })
  comment?: string;

  @BooleanField({
    deprecated: true,
    readOnly: true,
    description: 'Read-only artefact of the original API: accepted and dropped.',
    example: false,
  })
  notSentGrantType?: boolean;

  @StringArrayField(
    {
      maxItems: INHERITABLE_FIELDS.length,
      unique: true,
      items: { type: 'string', enum: [...INHERITABLE_FIELDS] },
      example: ['access_token_ttl'],
      readOnly: true,
      description:
        "In reads: the fields this client leaves out, shown with the value it inherits from the setup's client_defaults (or the built-in default). In a body sent back: a listed field whose value is still the inherited one keeps inheriting; a changed value becomes the client's own.",
    },
    IsIn([...INHERITABLE_FIELDS], { each: true, message: `$property must be among: ${INHERITABLE_FIELDS.join(', ')}` }),
  )
  inherited?: string[];

  @InstantField({
    example: '2026-01-01T00:00:00Z',
    description:
      'When this configuration takes effect (ISO-8601 with offset). Absent or past: at once. Future: scheduled.',
  })
  valid_from?: string;

  @StringField({
    minLength: 1,
    maxLength: 255,
    pattern: PRINTABLE_ASCII,
    patternMessage: '$property must be printable ASCII',
    example: 'online-banking-web',
    description: 'The OAuth client_id; generated (32 hex characters) when absent. Unique within the setup.',
  })
  client_id?: string;

  @StringField({
    minLength: 32,
    maxLength: 512,
    pattern: PRINTABLE_ASCII,
    patternMessage: '$property must be printable ASCII',
    writeOnly: true,
    example: 'a-long-random-secret-of-at-least-32-characters',
    description:
      'Only for client_secret_basic, client_secret_post and client_secret_jwt; generated (256 bits, base64url) and returned once when absent. Stored encrypted, never returned by reads.',
  })
  client_secret?: string;

  @UrlField(['https', 'http'], { example: 'https://app.example.com' })
  client_uri?: string;

  @EnumField(CONFIDENTIALITY_TYPES, { example: 'confidential', description: 'Default confidential.' })
  confidentiality_type?: string;

  @EnumField(PKCE_MODES, {
    example: 's256_required',
    description: 'Default s256_required for public clients, allowed for confidential ones.',
  })
  pkce_mode?: string;

  @BooleanField({ example: false })
  force_reauthentication?: boolean;

  @ttl('Access token lifetime')
  access_token_ttl?: number;

  @ttl('Refresh token lifetime')
  refresh_token_ttl?: number;

  @ttl('ID token lifetime')
  id_token_ttl?: number;

  @ttl('Persisted consent lifetime')
  persisted_consent_ttl?: number;

  @UrlField(['https'], {
    example: 'https://app.example.com/.well-known/jwks.json',
    description: 'https only; mutually exclusive with jwks.',
  })
  jwks_uri?: string;

  @UrlField(['https', 'http'], { example: 'https://app.example.com/logo.png' })
  logo_uri?: string;

  @UrlField(['https', 'http'], { example: 'https://app.example.com/terms' })
  tos_uri?: string;

  @UrlField(['https', 'http'], { example: 'https://app.example.com/privacy' })
  policy_uri?: string;

  @EnumField(TOKEN_ENDPOINT_AUTH_METHODS, {
    example: 'client_secret_basic',
    description: 'Default client_secret_basic for confidential clients, none for public ones.',
  })
  token_endpoint_auth_method?: string;

  @BooleanField({ example: false })
  require_pushed_authorization_requests?: boolean;

  @StringField({
    maxLength: 1024,
    example: 'CN=payments-backend,O=Example Bank,C=CH',
    description:
      'RFC 8705 §2.1.2, for tls_client_auth: the certificate subject distinguished name (RFC 4514). tls_client_auth needs exactly one of the five tls_client_auth_* members.',
  })
  tls_client_auth_subject_dn?: string;

  @StringField({
    maxLength: 253,
    example: 'payments.example.com',
    description: 'RFC 8705 §2.1.2, for tls_client_auth: a dNSName subject alternative name of the certificate.',
  })
  tls_client_auth_san_dns?: string;

  @StringField({
    maxLength: 2048,
    example: 'spiffe://example.com/payments',
    description: 'RFC 8705 §2.1.2, for tls_client_auth: a uniformResourceIdentifier subject alternative name.',
  })
  tls_client_auth_san_uri?: string;

  @StringField({
    maxLength: 45,
    example: '192.0.2.10',
    description: 'RFC 8705 §2.1.2, for tls_client_auth: an iPAddress subject alternative name (IPv4 or IPv6).',
  })
  tls_client_auth_san_ip?: string;

  @StringField({
    maxLength: 254,
    example: 'payments@example.com',
    description: 'RFC 8705 §2.1.2, for tls_client_auth: an rfc822Name subject alternative name.',
  })
  tls_client_auth_san_email?: string;

  @EnumField(ID_TOKEN_SIGNING_ALGS, { example: 'RS256' })
  id_token_signed_response_alg?: string;

  @EnumField(ID_TOKEN_ENCRYPTION_ALGS, { example: 'RSA-OAEP-256' })
  id_token_encrypted_response_alg?: string;

  @EnumField(ID_TOKEN_ENCRYPTION_ENCS, {
    example: 'A128CBC-HS256',
    description: 'Needs id_token_encrypted_response_alg; defaults to A128CBC-HS256 when alg is set.',
  })
  id_token_encrypted_response_enc?: string;
}
