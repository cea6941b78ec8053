import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class PreviousClientSecretDto {
  @ApiProperty({ description: 'A secret a rotation replaced; still accepted until expires_at.' })
  client_secret: string;

  @ApiProperty({ example: '2026-12-01T08:00:00.000Z', description: 'When the grace period ends (ISO-8601).' })
  expires_at: string;
}

class RegistryOriginDto {
  @ApiProperty({ description: 'The setup id.' })
  setup_id: string;

  @ApiProperty({ description: 'The internal client id (the entityId of the events on NATS).' })
  entity_id: string;

  @ApiProperty({ description: 'The snapshot in force.' })
  snapshot_id: string;

  @ApiProperty({ description: 'Since when that snapshot is in force.' })
  valid_from: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'When this answer changes next (a scheduled snapshot of the client or of its setup), or null.',
  })
  next_change_at: string | null;
}

/** RFC 7591 client metadata of the client in force now, plus what an authorization server needs to authenticate it. */
export class ClientConfigurationDto {
  @ApiProperty() client_id: string;
  @ApiProperty({ description: 'When the client was created (epoch seconds).' }) client_id_issued_at: number;
  @ApiPropertyOptional() client_name?: string;
  @ApiProperty({ type: [String] }) redirect_uris: string[];
  @ApiProperty({ type: [String], description: 'Effective: the setup default when the client has none.' })
  grant_types: string[];
  @ApiProperty({ type: [String] }) response_types: string[];
  @ApiProperty({ example: 'client_secret_basic' }) token_endpoint_auth_method: string;
  @ApiPropertyOptional({ example: 'openid profile', description: 'Space-separated (RFC 7591 §2).' }) scope?: string;
  @ApiPropertyOptional({ type: [String] }) contacts?: string[];
  @ApiPropertyOptional() client_uri?: string;
  @ApiPropertyOptional() logo_uri?: string;
  @ApiPropertyOptional() tos_uri?: string;
  @ApiPropertyOptional() policy_uri?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'RFC 7517 JWK Set' })
  jwks?: object;
  @ApiPropertyOptional() jwks_uri?: string;
  @ApiPropertyOptional() id_token_signed_response_alg?: string;
  @ApiPropertyOptional() id_token_encrypted_response_alg?: string;
  @ApiPropertyOptional() id_token_encrypted_response_enc?: string;
  @ApiPropertyOptional() require_pushed_authorization_requests?: boolean;
  @ApiPropertyOptional({ description: 'RFC 8705 §2.1.2 (tls_client_auth): the expected certificate subject.' })
  tls_client_auth_subject_dn?: string;
  @ApiPropertyOptional() tls_client_auth_san_dns?: string;
  @ApiPropertyOptional() tls_client_auth_san_uri?: string;
  @ApiPropertyOptional() tls_client_auth_san_ip?: string;
  @ApiPropertyOptional() tls_client_auth_san_email?: string;
  @ApiPropertyOptional({ description: 'The secret in force (secret-based auth methods only).' })
  client_secret?: string;
  @ApiPropertyOptional({ example: 0, description: 'RFC 7591: 0, the secret does not expire.' })
  client_secret_expires_at?: number;
  @ApiProperty({ type: [PreviousClientSecretDto], description: 'Rotated-out secrets still inside their grace period.' })
  previous_client_secrets: PreviousClientSecretDto[];
  @ApiProperty({ enum: ['public', 'confidential'] }) confidentiality_type: string;
  @ApiProperty({ enum: ['allowed', 'required', 's256_required'] }) pkce_mode: string;
  @ApiPropertyOptional() access_token_ttl?: number;
  @ApiPropertyOptional() refresh_token_ttl?: number;
  @ApiPropertyOptional() id_token_ttl?: number;
  @ApiPropertyOptional() persisted_consent_ttl?: number;
  @ApiPropertyOptional() force_reauthentication?: boolean;
  @ApiProperty({ type: RegistryOriginDto }) registry: RegistryOriginDto;
}
