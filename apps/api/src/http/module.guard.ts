import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { NotFoundError } from '@app/core';
import type { FastifyRequest } from 'fastify';

export const SUPPORTED_MODULES = ['oauthv2'];

/** `:module` names the protocol family; only oauthv2 exists. Checked before the body, so the answer is 404. */
@Injectable()
export class ModuleGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const { module } = context.switchToHttp().getRequest<FastifyRequest<{ Params: { module?: string } }>>().params;
    if (module !== undefined && !SUPPORTED_MODULES.includes(module)) {
      throw new NotFoundError('MODULE_NOT_FOUND', `No module "${module}"; the supported module is oauthv2.`);
    }
    return true;
  }
}
