/** Login, logout, personal API tokens, and resolving a bearer token to its caller. */
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor, Role } from '../../platform/http/actor.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { findLoginUser, findTenantBySlug } from '../directory/index.ts';
import { verifyPassword } from './passwords.ts';
import { FailureLimiter } from './rate-limit.ts';
import * as store from './store.ts';
import { hashToken, newToken } from './tokens.ts';
import { cachedActor, rememberActor } from './token-cache.ts';
import { checkedScopes, ClientQuotas } from './client-model.ts';
import type { Quota } from '../../platform/http/server.ts';

const LOGIN_FAILURES_PER_ACCOUNT = 10;
const LOGIN_FAILURES_PER_ADDRESS = 100;
const LOGIN_WINDOW_MS = 15 * 60 * 1000;
const TOUCH_INTERVAL_MS = 5 * 60 * 1000;

export function createAuthService(ctx: Ctx, options: { sessionTtlSeconds: number }) {
  const perAccount = new FailureLimiter(LOGIN_FAILURES_PER_ACCOUNT, LOGIN_WINDOW_MS);
  const perAddress = new FailureLimiter(LOGIN_FAILURES_PER_ADDRESS, LOGIN_WINDOW_MS);

  async function login(input: { tenant: string; email: string; password: string; ip: string }) {
    const now = ctx.clock.now();
    const accountKey = `${input.tenant.toLowerCase()}\u0000${input.email.trim().toLowerCase()}`;
    const wait = Math.max(perAccount.retryAfter(accountKey, now.getTime()), perAddress.retryAfter(input.ip, now.getTime()));
    if (wait > 0) {
      throw new AppError('rate_limited', `Too many failed logins. Try again in ${Math.ceil(wait / 60)} minutes.`, { retryAfter: wait });
    }
    const tenant = await findTenantBySlug(ctx.db, input.tenant);
    const user = tenant ? await findLoginUser(ctx.db, tenant.id, input.email) : undefined;
    const ok = await verifyPassword(input.password, user?.active ? user.password_hash : null);
    if (!tenant || !user || !ok) {
      perAccount.fail(accountKey, now.getTime());
      perAddress.fail(input.ip, now.getTime());
      throw new AppError('invalid_credentials', 'The tenant, email or password is wrong.');
    }
    perAccount.succeed(accountKey);
    const token = newToken('lds');
    const expiresAt = new Date(now.getTime() + options.sessionTtlSeconds * 1000);
    await store.insertToken(ctx.db, {
      tenantId: tenant.id, id: uuidv7(), userId: user.id, tokenHash: hashToken(token), kind: 'session',
      name: null, expiresAt, now,
    });
    return {
      token,
      expiresAt: expiresAt.toISOString(),
      user: { id: user.id, name: user.name, roles: user.roles as Role[] },
      tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name },
    };
  }

  async function authenticate(token: string): Promise<Actor | null> {
    if (token.length > 200) return null;
    const now = ctx.clock.now();
    const tokenHash = hashToken(token);
    const cached = cachedActor(tokenHash, now);
    if (cached) return cached;
    const row = await store.findActiveToken(ctx.db, tokenHash, now);
    if (!row) return null;
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
      await store.touchToken(ctx.db, row.tenantId, row.tokenId, now);
    }
    const actor: Actor = {
      tenantId: row.tenantId, tenantSlug: row.tenantSlug, userId: row.userId, name: row.name, email: row.email,
      roles: row.roles, tokenId: row.tokenId, scopes: row.scopes, clientId: row.clientId,
      clientRateLimit: row.clientRateLimit,
    };
    rememberActor(tokenHash, actor, row.expiresAt);
    return actor;
  }

  async function logout(actor: Actor): Promise<void> {
    await store.revokeToken(ctx.db, actor.tenantId, actor.userId, actor.tokenId, ctx.clock.now());
  }

  async function createPersonalToken(actor: Actor, input: { name: string; expiresInDays?: number; scopes?: string[] }) {
    const now = ctx.clock.now();
    const token = newToken('ldp');
    const id = uuidv7();
    const expiresAt = input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null;
    await store.insertToken(ctx.db, {
      tenantId: actor.tenantId, id, userId: actor.userId, tokenHash: hashToken(token), kind: 'personal',
      name: input.name, expiresAt, now, scopes: input.scopes ? checkedScopes(input.scopes) : null,
    });
    return {
      id, name: input.name, token, scopes: input.scopes ?? null, expiresAt: expiresAt?.toISOString() ?? null, createdAt: now.toISOString(),
    };
  }

  async function listPersonalTokens(actor: Actor) {
    const rows = await store.listPersonalTokens(ctx.db, actor.tenantId, actor.userId, ctx.clock.now());
    return rows.map((row) => ({
      id: row.id, name: row.name, scopes: row.scopes, expiresAt: row.expiresAt?.toISOString() ?? null,
      lastUsedAt: row.lastUsedAt?.toISOString() ?? null, createdAt: row.createdAt.toISOString(),
    }));
  }

  async function revokePersonalToken(actor: Actor, tokenId: string): Promise<void> {
    if (!(await store.revokeToken(ctx.db, actor.tenantId, actor.userId, tokenId, ctx.clock.now()))) {
      throw new AppError('not_found', 'Token not found.');
    }
  }

  const quotas = new ClientQuotas();

  /** An API client's token spends its client's quota; people's tokens have none. */
  function admit(actor: Actor): Quota | undefined {
    if (!actor.clientId || !actor.clientRateLimit) return undefined;
    return quotas.take(`${actor.tenantId}:${actor.clientId}`, actor.clientRateLimit, ctx.clock.now().getTime());
  }

  return { login, authenticate, admit, logout, createPersonalToken, listPersonalTokens, revokePersonalToken };
}

export type AuthService = ReturnType<typeof createAuthService>;
