/** /api/v1/auth/*, /api/v1/me and personal tokens. */
import { Type } from 'typebox';
import type { App } from '../../platform/http/server.ts';
import { SESSION_COOKIE } from '../../platform/http/server.ts';
import { getTenant } from '../directory/index.ts';
import type { AuthService } from './service.ts';
import type { Ctx } from '../../platform/context.ts';
import { GRANTABLE_SCOPES } from '../../platform/http/scopes.ts';

const Id = Type.String({ format: 'uuid' });

export function authRoutes(app: App, ctx: Ctx, auth: AuthService) {
  app.post('/api/v1/auth/login', {
    config: { public: true },
    schema: {
      tags: ['auth'],
      summary: 'Log in with tenant, email and password; answers a bearer token',
      security: [],
      body: Type.Object({
        tenant: Type.String({ minLength: 1, maxLength: 63 }),
        email: Type.String({ minLength: 1, maxLength: 254 }),
        password: Type.String({ minLength: 1, maxLength: 1024 }),
      }, { additionalProperties: false }),
    },
  }, async (request, reply) => {
    const result = await auth.login({ ...request.body, ip: request.ip });
    reply.header('Set-Cookie',
      `${SESSION_COOKIE}=${encodeURIComponent(result.token)}; Path=/; HttpOnly; SameSite=Lax; Expires=${new Date(result.expiresAt).toUTCString()}`);
    return result;
  });

  app.post('/api/v1/auth/logout', { schema: { tags: ['auth'], summary: 'Revoke the token of this request' } },
    async (request, reply) => {
      await auth.logout(request.actor);
      reply.header('Set-Cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
      return reply.status(204).send();
    });

  app.get('/api/v1/me', { schema: { tags: ['auth'], summary: 'The caller' } }, async (request) => {
    const { actor } = request;
    const tenant = await getTenant(ctx.db, actor.tenantId);
    return {
      id: actor.userId, name: actor.name, email: actor.email, roles: actor.roles,
      tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name, timezone: tenant.timezone },
    };
  });

  app.get('/api/v1/me/tokens', { schema: { tags: ['auth'], summary: 'My personal API tokens (without their secrets)' } },
    async (request) => ({ items: await auth.listPersonalTokens(request.actor) }));

  app.post('/api/v1/me/tokens', {
    schema: {
      tags: ['auth'],
      summary: 'Create a personal API token for scripts; the token is shown once',
      body: Type.Object({
        name: Type.String({ minLength: 1, maxLength: 100 }),
        expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
        scopes: Type.Optional(Type.Array(Type.String({ enum: [...GRANTABLE_SCOPES] }), {
          minItems: 1, maxItems: 20, description: 'Limit the token to these scopes; without, it may do all its owner may.',
        })),
      }, { additionalProperties: false }),
    },
  }, async (request, reply) => reply.status(201).send(await auth.createPersonalToken(request.actor, request.body)));

  app.delete('/api/v1/me/tokens/:id', {
    schema: { tags: ['auth'], summary: 'Revoke a personal token', params: Type.Object({ id: Id }) },
  }, async (request, reply) => {
    await auth.revokePersonalToken(request.actor, request.params.id);
    return reply.status(204).send();
  });
}
