import { GRANT_TYPES, TOKEN_ENDPOINT_AUTH_METHODS } from '@app/clients';
import { PRIVATE_USE_SCHEME_POLICIES, REGISTRATION_ACCESS } from '@app/setups';
import { IsIn, Matches, MaxLength } from 'class-validator';
import {
  BooleanField,
  EnumField,
  IntegerField,
  NestedField,
  SCOPE_TOKEN,
  StringArrayField,
} from '../../http/validators';

/** An exact host, or `*.` followed by a domain (any subdomain of it). */
const HOST_PATTERN =
  /^(\*\.)?[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export class AllowedRedirectUrisDto {
  @StringArrayField(
    {
      maxItems: 100,
      unique: true,
      example: ['app.example.com', '*.apps.example.com'],
      description:
        'Hosts an https redirect URI of a self-registered client may name: exact, or *.domain for any subdomain of it (not the domain itself). Absent: any host; empty: no https redirect URI.',
    },
    Matches(HOST_PATTERN, { each: true, message: '$property must hold host names or *.domain patterns' }),
    MaxLength(253, { each: true }),
  )
  https_hosts?: string[];

  @BooleanField({
    example: true,
    description:
      'Whether loopback redirect URIs (http on 127.0.0.1, [::1] or localhost, any port: RFC 8252 §7.3) are allowed. Default true.',
  })
  loopback?: boolean;

  @EnumField(PRIVATE_USE_SCHEME_POLICIES, {
    example: 'reverse_domain',
    description:
      'Private-use URI schemes of native apps (RFC 8252 §7.1): none, or reverse_domain (com.example.app:/cb; the default, and the only form the client rules accept).',
  })
  private_use_schemes?: string;
}

/**
 * A setup's `registration_policy`: who may register clients through RFC 7591 dynamic registration,
 * and what a client registering itself (with an initial access token, or openly) may ask for.
 */
export class RegistrationPolicyDto {
  @EnumField(REGISTRATION_ACCESS, {
    example: 'initial_access_token',
    description:
      'Who may register: administrators (default; callers with an API role, as for every client write), initial_access_token (also holders of an initial access token an administrator issued), anyone (also callers without a token: open registration, for closed networks).',
  })
  access?: string;

  @StringArrayField(
    {
      maxItems: GRANT_TYPES.length,
      unique: true,
      items: { type: 'string', enum: [...GRANT_TYPES] },
      example: ['authorization_code', 'refresh_token'],
      description: 'The grant types a self-registered client may use. Absent: any.',
    },
    IsIn([...GRANT_TYPES], { each: true, message: `$property must be among: ${GRANT_TYPES.join(', ')}` }),
  )
  allowed_grant_types?: string[];

  @StringArrayField(
    {
      maxItems: TOKEN_ENDPOINT_AUTH_METHODS.length,
      unique: true,
      items: { type: 'string', enum: [...TOKEN_ENDPOINT_AUTH_METHODS] },
      example: ['none', 'private_key_jwt'],
      description: 'The token endpoint auth methods a self-registered client may use. Absent: any.',
    },
    IsIn([...TOKEN_ENDPOINT_AUTH_METHODS], {
      each: true,
      message: `$property must be among: ${TOKEN_ENDPOINT_AUTH_METHODS.join(', ')}`,
    }),
  )
  allowed_token_endpoint_auth_methods?: string[];

  @NestedField(() => AllowedRedirectUrisDto, {
    description: 'The kinds of redirect URIs a self-registered client may use.',
    example: { https_hosts: ['*.example.com'], loopback: true, private_use_schemes: 'reverse_domain' },
  })
  allowed_redirect_uris?: AllowedRedirectUrisDto;

  @StringArrayField(
    {
      maxItems: 1000,
      unique: true,
      example: ['openid', 'profile', 'mcp:tools'],
      description: 'The scopes a self-registered client may ask for. Absent: any (that the setup declares).',
    },
    Matches(SCOPE_TOKEN, { each: true, message: '$property must hold RFC 6749 scope tokens' }),
    MaxLength(255, { each: true }),
  )
  allowed_scopes?: string[];

  @IntegerField({
    minimum: 0,
    maximum: 1_000_000,
    example: 200,
    description:
      'A self-registration is refused (403) once the setup has this many clients (all clients count, as in Keycloak). Absent: no limit.',
  })
  max_clients?: number;
}
