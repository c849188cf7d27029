/** HTTP routes of the directory: users, org units, customers, devices. */
import { Type } from 'typebox';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { hasRole, ROLES } from '../../platform/http/actor.ts';
import type { App } from '../../platform/http/server.ts';
import { listUsers } from './users-store.ts';

export function directoryRoutes(app: App, ctx: Ctx) {
  app.get('/api/v1/users', {
    schema: {
      tags: ['directory'],
      summary: 'People of the tenant, optionally of one role',
      querystring: Type.Object({
        role: Type.Optional(Type.Enum([...ROLES])),
        q: Type.Optional(Type.String({ maxLength: 100 })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 500 })),
      }),
    },
  }, async (request) => {
    if (!hasRole(request.actor, 'admin', 'dispatcher', 'manager', 'expert', 'engineer', 'finance')) {
      throw new AppError('forbidden', 'Requesters cannot list people.');
    }
    const { role, q, limit } = request.query;
    return { items: await listUsers(ctx.db, request.actor.tenantId, { role, q, limit: limit ?? 500 }) };
  });
}
