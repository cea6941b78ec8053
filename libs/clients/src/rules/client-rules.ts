import type { FieldError } from '@app/core';
import {
  type ClientDefinition,
  type ConfidentialityType,
  type GrantType,
  SECRET_AUTH_METHODS,
  type TokenEndpointAuthMethod,
} from '../client-definition';
import {
  confidentialityRules,
  grantResponseConsistency,
  idTokenEncryptionRules,
  keyRules,
  metadataRules,
  pkceRules,
} from './oauth-rules';
import { redirectUriErrors } from './redirect-uris';
import { implicitLoopbackRule, redirectUrisRequired, responseTypeNoneRule } from './redirect-requirements';
import { tlsClientAuthRules } from './tls-client-auth';

export interface ResolvedAuth {
  confidentiality: ConfidentialityType;
  method: TokenEndpointAuthMethod;
  needsSecret: boolean;
}

/** Confidential by default; the auth method follows from it (README, Client rules). */
export function resolveAuth(
  def: Pick<ClientDefinition, 'confidentiality_type' | 'token_endpoint_auth_method'>,
): ResolvedAuth {
  const confidentiality = def.confidentiality_type ?? 'confidential';
  const method = def.token_endpoint_auth_method ?? (confidentiality === 'public' ? 'none' : 'client_secret_basic');
  return { confidentiality, method, needsSecret: SECRET_AUTH_METHODS.includes(method) };
}

export interface RuleContext {
  /**
   * The grant types in effect: the client's own, else the setup's defaults, else authorization_code.
   * Undefined when they are not known yet (the HTTP layer checks a body before the setup is read):
   * the rules that depend on them are then left to the handler.
   */
  grantTypes?: readonly GrantType[];
}

/**
 * The grant types a definition uses: its own, else the setup's defaults, else authorization_code.
 * nevisMeta's setup examples send `client_defaults.grant_types: []`: an empty default means none set.
 */
export function effectiveGrantTypes(def: ClientDefinition, setupDefaults: readonly string[] | undefined): GrantType[] {
  const inherited = setupDefaults?.length ? (setupDefaults as GrantType[]) : undefined;
  return [...(def.grant_types ?? inherited ?? ['authorization_code'])];
}

/**
 * The rules over a body whose fields are each well-typed. Returns every violation at once; an empty
 * list means the definition may be stored.
 */
export function clientDefinitionErrors(
  def: ClientDefinition,
  clientSecret: string | undefined,
  context: RuleContext = {},
): FieldError[] {
  const auth = resolveAuth(def);
  const grantTypes = def.grant_types ?? context.grantTypes;
  const errors = redirectUriErrors(def.redirect_uris ?? [], auth.confidentiality);
  if (clientSecret !== undefined && !auth.needsSecret) {
    errors.push({
      path: '/client_secret',
      message: `client_secret is only accepted with ${SECRET_AUTH_METHODS.join(', ')}; token_endpoint_auth_method is ${auth.method}`,
    });
  }
  return [
    ...errors,
    ...redirectUrisRequired(def, grantTypes),
    ...implicitLoopbackRule(def, grantTypes),
    ...responseTypeNoneRule(def),
    ...grantResponseConsistency(def, grantTypes),
    ...confidentialityRules(auth, grantTypes),
    ...pkceRules(def, auth, grantTypes),
    ...keyRules(def, auth),
    ...tlsClientAuthRules(def, auth),
    ...idTokenEncryptionRules(def),
    ...metadataRules(def),
  ];
}
