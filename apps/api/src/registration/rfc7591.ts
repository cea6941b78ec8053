import { TLS_CLIENT_AUTH_SUBJECT_MEMBERS } from '@app/clients';
import { type FieldError, ValidationFailedError } from '@app/core';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ClientBodyDto } from '../clients/dto/client-body.dto';
import { inspectBodyText } from '../http/body-text';
import { FieldErrorCollector } from '../http/field-errors';
import { toFieldErrors } from '../http/validation.pipe';

/** RFC 7591 metadata names that the V2 body spells differently. */
const V2_NAME: Record<string, string> = { client_name: 'name', scope: 'scopes' };
const RFC_NAME: Record<string, string> = { name: 'client_name', scopes: 'scope' };

/** The RFC 7591 members this registry understands; everything else is ignored, as §2 requires. */
const UNDERSTOOD = [
  'redirect_uris',
  'token_endpoint_auth_method',
  'grant_types',
  'response_types',
  'client_name',
  'client_uri',
  'logo_uri',
  'scope',
  'contacts',
  'tos_uri',
  'policy_uri',
  'jwks_uri',
  'jwks',
  'software_id',
  'software_version',
  'id_token_signed_response_alg',
  'id_token_encrypted_response_alg',
  'id_token_encrypted_response_enc',
  'require_pushed_authorization_requests',
  ...TLS_CLIENT_AUTH_SUBJECT_MEMBERS,
];

/**
 * Turns an RFC 7591 registration request into the V2 client body, with the RFC's defaults made
 * explicit (authorization_code, code, client_secret_basic), and checks it with the same field rules
 * as the V2 API. Throws INVALID_CLIENT_METADATA with pointers in RFC 7591 names.
 */
export function registrationToV2(request: unknown): ClientBodyDto {
  if (request === null || typeof request !== 'object' || Array.isArray(request)) {
    throw new ValidationFailedError('INVALID_CLIENT_METADATA', [
      { path: '', message: 'The request body must be a JSON object of client metadata.' },
    ]);
  }
  const body = request as Record<string, unknown>;
  const v2: Record<string, unknown> = {};
  for (const member of UNDERSTOOD) {
    if (body[member] === undefined || member === 'software_id' || member === 'software_version') continue;
    v2[V2_NAME[member] ?? member] = body[member];
  }
  // RFC 6749 §3.3: scope-token *( SP scope-token ). An empty string asks for no scope; stray spaces
  // leave empty tokens that the scope check reports. Only a string is a scope value.
  const scopeErrors: FieldError[] = [];
  if (body.scope === '') delete v2.scopes;
  else if (typeof body.scope === 'string') v2.scopes = body.scope.split(' ');
  else if (body.scope !== undefined) {
    delete v2.scopes;
    scopeErrors.push({ path: '/scope', message: 'scope must be a string of space-separated scope tokens' });
  }
  const software = (['software_id', 'software_version'] as const)
    .filter((m) => typeof body[m] === 'string')
    .map((m) => ({ name: m, value: body[m] as string }));
  if (software.length) v2.metadata = software;
  v2.grant_types ??= ['authorization_code'];
  // A wrongly typed member is left as it is, for the field checks to report.
  v2.response_types ??= Array.isArray(v2.grant_types) && v2.grant_types.includes('authorization_code') ? ['code'] : [];
  v2.token_endpoint_auth_method ??= 'client_secret_basic';
  v2.confidentiality_type = v2.token_endpoint_auth_method === 'none' ? 'public' : 'confidential';

  // Members this registry ignores are never stored, so only what it keeps must be clean text.
  const text = new FieldErrorCollector();
  inspectBodyText(v2, text);
  const textErrors = text.errors;
  const dto = plainToInstance(ClientBodyDto, v2);
  const fieldErrors = [
    ...textErrors,
    ...toFieldErrors(validateSync(dto, { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: true })),
  ];
  const broken = new Set(fieldErrors.map((e) => e.path));
  const errors = [
    ...scopeErrors,
    ...fieldErrors,
    ...ClientBodyDto.crossFieldErrors(dto, broken).filter((e) => !broken.has(e.path)),
  ];
  if (errors.length) throw new ValidationFailedError('INVALID_CLIENT_METADATA', errors.map(toRfcNames));
  return dto;
}

/** A pointer and message in RFC 7591 member names. */
export function toRfcNames(error: FieldError): FieldError {
  const [, first, ...rest] = error.path.split('/');
  const member = first === undefined ? undefined : (RFC_NAME[first] ?? first);
  const path = member === undefined ? error.path : ['', member, ...(member === 'scope' ? [] : rest)].join('/');
  const message =
    first && RFC_NAME[first]
      ? error.message.replace(new RegExp(`\\b${first}\\b`, 'g'), RFC_NAME[first])
      : error.message;
  return { path, message };
}
