import { DELETED_AT, DELETED_BY, SNAPSHOT_STATE } from '../../http/soft-deleted-states';
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
import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
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
import { JwksDto } from './jwk.dto';

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
export class CreateClientDto {
  static readonly problemCode = 'INVALID_CLIENT_METADATA';

  /** The client rules, run on the fields that passed their own checks (a broken field is left out). */
  static crossFieldErrors(dto: CreateClientDto, broken: ReadonlySet<string>): FieldError[] {
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
    example: {
      keys: [
        {
          kty: 'RSA',
          kid: 'signing-key-2026',
          use: 'sig',
          alg: 'RS256',
          n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
          e: 'AQAB',
        },
      ],
    },
  })
  jwks?: JwksDto;

  @StringField({ maxLength: 255, example: 'Online banking web app' })
  name?: string;

  @StringField({ maxLength: 255, example: 'team-retail' })
  owner?: string;

  @StringField({ maxLength: 4096, example: 'Customer-facing web application.' })
  comment?: string;

  @BooleanField({ description: 'Read-only artefact of the original API: accepted and ignored.', example: false })
  notSentGrantType?: boolean;

  @StringArrayField(
    {
      maxItems: INHERITABLE_FIELDS.length,
      unique: true,
      items: { type: 'string', enum: [...INHERITABLE_FIELDS] },
      example: ['access_token_ttl'],
      description:
        "In reads: the fields this client leaves out, shown with the value it inherits from the setup's client_defaults (or the built-in default). In a body sent back: a listed field whose value is still the inherited one keeps inheriting; a changed value becomes the client's own.",
    },
    IsIn([...INHERITABLE_FIELDS], { each: true, message: `$property must be among: ${INHERITABLE_FIELDS.join(', ')}` }),
  )
  inherited?: string[];

  @InstantField({
    example: '2026-12-01T08:00:00Z',
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

export class CreateClientResponseDto {
  @ApiProperty({
    example: '9f0c3a7e5b1d4c2a8e6f0b3d5a7c9e1f',
    description: 'Internal id of the new client (not the OAuth client_id); use it in paths.',
  })
  clientId: string;

  @ApiPropertyOptional({
    example: 'c4a1e9d2b7f34c6a8d0e5f1a2b3c4d5e',
    description: 'The OAuth client_id, when the server generated it or the secret.',
  })
  client_id?: string;

  @ApiPropertyOptional({
    example: 'hE3n0e9Q0m0wq1yq4jY7Z4c5d6e7f8g9h0i1j2k3l4m',
    description: 'The generated secret, shown this once. Only present when the server generated it.',
  })
  client_secret?: string;
}

export class ClientViewDto extends OmitType(CreateClientDto, [
  'client_secret',
  'valid_from',
  'notSentGrantType',
] as const) {
  @ApiProperty({ example: '9f0c3a7e5b1d4c2a8e6f0b3d5a7c9e1f', description: 'Internal id.' })
  clientId: string;

  @ApiProperty({ example: '5d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a' })
  snapshotId: string;

  @ApiPropertyOptional(SNAPSHOT_STATE)
  state?: string;

  @ApiPropertyOptional(DELETED_AT)
  deleted_at?: string;

  @ApiPropertyOptional(DELETED_BY)
  deleted_by?: string;

  @ApiProperty({ example: '2026-12-01T08:00:00.000Z', format: 'date-time' })
  valid_from: string;

  @ApiProperty({ description: 'Whether a secret is set; the secret itself is never returned.' })
  client_secret_set: boolean;
}

export class UpdateClientResponseDto extends ClientViewDto {
  @ApiPropertyOptional({
    description: 'Only when the change needed a secret and the server generated it: shown this once.',
  })
  client_secret?: string;
}

export class ClientIdsDto {
  @ApiProperty({ type: [String], example: ['9f0c3a7e5b1d4c2a8e6f0b3d5a7c9e1f'] })
  clientIds: string[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Cursor of the next page (pass it as ?cursor=); null on the last page.',
  })
  next: string | null;
}

export class ClientNamesDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', nullable: true },
    example: { '9f0c3a7e5b1d4c2a8e6f0b3d5a7c9e1f': 'Online banking' },
  })
  clientNames: Record<string, string | null>;
}

export class ClientIdDto {
  @ApiProperty({ example: '9f0c3a7e5b1d4c2a8e6f0b3d5a7c9e1f' })
  clientId: string;
}

export class RotateSecretDto {
  @IntegerField({
    minimum: 0,
    maximum: 2_592_000,
    example: 86400,
    description: 'How long the replaced secret stays valid, in seconds; default SECRET_ROTATION_GRACE_SECONDS.',
  })
  grace_period_seconds?: number;
}
