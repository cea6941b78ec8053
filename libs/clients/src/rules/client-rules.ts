import type { FieldError } from '@app/core';
import {
  type ClientDefinition,
  type ConfidentialityType,
  SECRET_AUTH_METHODS,
  type TokenEndpointAuthMethod,
} from '../client-definition';
import { redirectUriErrors } from './redirect-uris';

export interface ResolvedAuth {
  confidentiality: ConfidentialityType;
  method: TokenEndpointAuthMethod;
  needsSecret: boolean;
}

/** Confidential by default; the auth method follows from it (API.md §4). */
export function resolveAuth(def: Pick<ClientDefinition, 'confidentiality_type' | 'token_endpoint_auth_method'>): ResolvedAuth {
  const confidentiality = def.confidentiality_type ?? 'confidential';
  const method = def.token_endpoint_auth_method ?? (confidentiality === 'public' ? 'none' : 'client_secret_basic');
  return { confidentiality, method, needsSecret: SECRET_AUTH_METHODS.includes(method) };
}

/**
 * The rules over a body whose fields are each well-typed. Returns every violation at once;
 * an empty list means the definition may be stored.
 */
export function clientDefinitionErrors(def: ClientDefinition, clientSecret: string | undefined): FieldError[] {
  const auth = resolveAuth(def);
  const errors = redirectUriErrors(def.redirect_uris, auth.confidentiality);
  if (clientSecret !== undefined && !auth.needsSecret) {
    errors.push({
      path: '/client_secret',
      message: `client_secret is only accepted with ${SECRET_AUTH_METHODS.join(', ')}; token_endpoint_auth_method is ${auth.method}`,
    });
  }
  return errors;
}
