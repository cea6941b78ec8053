import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '@app/core';
import { Authenticator } from './authenticator';
import {
  ADMIN_ONLY,
  ADMIN_ROLE,
  type AuthenticatedRequest,
  AUTHORIZATION_SERVER_ONLY,
  AUTHORIZATION_SERVER_ROLE,
  PUBLIC_ROUTE,
  ROLES,
  USER_ROLE,
} from './principal';

/** Every route needs a bearer token unless marked @Public(); 401 without a valid one, 403 without the role. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const match = /^bearer ([A-Za-z0-9\-._~+/]+=*)$/i.exec(request.headers.authorization ?? '');
    const principal = match ? await this.authenticator.authenticate(match[1]) : null;
    if (!principal) {
      throw new DomainError(
        'UNAUTHENTICATED',
        match
          ? 'The bearer token is invalid or expired.'
          : 'This endpoint needs a bearer token (Authorization: Bearer <token>).',
      );
    }
    if (this.reflector.getAllAndOverride<boolean>(AUTHORIZATION_SERVER_ONLY, targets)) {
      if (!principal.roles.includes(AUTHORIZATION_SERVER_ROLE))
        throw new DomainError('FORBIDDEN', `Only ${AUTHORIZATION_SERVER_ROLE} may read client configurations.`);
      request.principal = principal;
      return true;
    }
    const roles = this.reflector.getAllAndOverride<string[] | undefined>(ROLES, targets);
    if (roles) {
      if (!roles.some((role) => principal.roles.includes(role)))
        throw new DomainError('FORBIDDEN', `Only ${roles.join(' or ')} may do this.`);
      request.principal = principal;
      return true;
    }
    const admin = principal.roles.includes(ADMIN_ROLE);
    if (!admin && !principal.roles.includes(USER_ROLE))
      throw new DomainError(
        'FORBIDDEN',
        `The token of "${principal.subject}" has neither ${ADMIN_ROLE} nor ${USER_ROLE}.`,
      );
    if (!admin && this.reflector.getAllAndOverride<boolean>(ADMIN_ONLY, targets))
      throw new DomainError('FORBIDDEN', `Only ${ADMIN_ROLE} may do this.`);
    request.principal = principal;
    return true;
  }
}
