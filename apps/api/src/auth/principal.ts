import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Actor } from '@app/core';
import type { FastifyRequest } from 'fastify';

export const ADMIN_ROLE = 'nevisMeta.admin';
export const USER_ROLE = 'nevisMeta.user';
/** May read client configurations with their secrets (GET .../configuration), and nothing else. */
export const AUTHORIZATION_SERVER_ROLE = 'nevisMeta.authorizationServer';

/** Whom a bearer token stands for. */
export interface Principal {
  subject: string;
  roles: readonly string[];
}

export type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

export const PUBLIC_ROUTE = 'oauth-registry:public';
export const ADMIN_ONLY = 'oauth-registry:admin-only';
export const AUTHORIZATION_SERVER_ONLY = 'oauth-registry:authorization-server-only';
export const ROLES = 'oauth-registry:roles';

/** No token needed (health). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Only nevisMeta.admin (setup changes); other routes take nevisMeta.user too. */
export const AdminOnly = () => SetMetadata(ADMIN_ONLY, true);

/** Only nevisMeta.authorizationServer, administrators included in the refusal (client secrets). */
export const AuthorizationServerOnly = () => SetMetadata(AUTHORIZATION_SERVER_ONLY, true);
/** Exactly these roles (any one of them) may call the route, instead of nevisMeta.admin and nevisMeta.user. */
export const Roles = (...roles: string[]) => SetMetadata(ROLES, roles);

/** The authenticated caller, with its roles. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal =>
    context.switchToHttp().getRequest<AuthenticatedRequest>().principal!,
);

/** The authenticated caller as the domain sees it. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal!;
  return { subject: principal.subject, admin: principal.roles.includes(ADMIN_ROLE) };
});
