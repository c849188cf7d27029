/**
 * OAuth2 client credentials for machine integrations: an admin creates a client (its secret is
 * shown once), the machine trades id and secret for a short-lived access token with scopes.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Ctx } from '../../platform/context.ts';
import { forbidden, notFound } from '../../platform/errors.ts';
import { hasRole, type Actor, type Role } from '../../platform/http/actor.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { insertUser } from '../directory/index.ts';
import { checkedScopes, grantScopes, type ClientCredentials } from './client-model.ts';
import * as clients from './clients-store.ts';
import { FailureLimiter } from './rate-limit.ts';
import { insertToken, revokeClientTokens } from './store.ts';
import { hashToken, newToken } from './tokens.ts';

export interface ClientInput {
  name: string;
  scopes: string[];
  roles?: Role[];
  rateLimitPerMinute?: number;
  tokenTtlSeconds?: number;
}

export type ClientPatch = Partial<Omit<ClientInput, 'roles'>> & { active?: boolean };

/** An RFC 6749 §5.2 refusal: the token endpoint answers it in the protocol's own shape. */
export class OAuthError extends Error {
  constructor(readonly error: 'invalid_request' | 'invalid_client' | 'invalid_scope' | 'unsupported_grant_type',
    readonly description: string, readonly status = 400, readonly retryAfter?: number) {
    super(description);
  }
}

const FAILURES_PER_CLIENT = 10;
const FAILURES_PER_ADDRESS = 100;
const FAILURE_WINDOW_MS = 15 * 60 * 1000;

const newSecret = () => `ldcs_${randomBytes(32).toString('base64url')}`;
const newClientId = () => `ldc_${randomBytes(12).toString('base64url')}`;
const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

export function toClientView(client: clients.ApiClient) {
  return {
    id: client.id, clientId: client.clientId, name: client.name, scopes: client.scopes, roles: client.roles, userId: client.userId,
    rateLimitPerMinute: client.rateLimitPerMinute, tokenTtlSeconds: client.tokenTtlSeconds, active: client.active,
    lastTokenAt: client.lastTokenAt?.toISOString() ?? null, createdAt: client.createdAt.toISOString(), updatedAt: client.updatedAt.toISOString(),
  };
}

export function createClientService(ctx: Ctx) {
  const perClient = new FailureLimiter(FAILURES_PER_CLIENT, FAILURE_WINDOW_MS);
  const perAddress = new FailureLimiter(FAILURES_PER_ADDRESS, FAILURE_WINDOW_MS);

  function requireAdmin(actor: Actor) {
    if (!hasRole(actor, 'admin')) throw forbidden('Only an admin may manage API clients.');
  }

  async function load(actor: Actor, id: string) {
    requireAdmin(actor);
    const client = await clients.getClient(ctx.db, actor.tenantId, id);
    if (!client) throw notFound('API client', id);
    return client;
  }

  async function create(actor: Actor, input: ClientInput) {
    requireAdmin(actor);
    const scopes = checkedScopes(input.scopes);
    const now = ctx.clock.now();
    const id = uuidv7(now.getTime());
    const userId = uuidv7(now.getTime());
    const clientId = newClientId();
    const secret = newSecret();
    await ctx.db.transaction().execute(async (trx) => {
      // Its own identity without a password: the ticket history says which system did what.
      await insertUser(trx, actor.tenantId, {
        id: userId, email: `${clientId.toLowerCase().replace(/_/g, '-')}@clients.loopdesk.invalid`, name: `API 客户端：${input.name}`,
        passwordHash: null, roles: input.roles ?? ['dispatcher'],
      }, now);
      await clients.insertClient(trx, {
        tenantId: actor.tenantId, id, clientId, secretHash: hashSecret(secret), name: input.name, userId, scopes,
        rateLimitPerMinute: input.rateLimitPerMinute ?? 600, tokenTtlSeconds: input.tokenTtlSeconds ?? 3600,
        createdBy: actor.userId, createdAt: now,
      });
    });
    const created = (await clients.getClient(ctx.db, actor.tenantId, id))!;
    return { ...toClientView(created), clientSecret: secret };
  }

  async function update(actor: Actor, id: string, patch: ClientPatch) {
    const client = await load(actor, id);
    const scopes = patch.scopes ? checkedScopes(patch.scopes) : undefined;
    const now = ctx.clock.now();
    await clients.updateClient(ctx.db, actor.tenantId, id, { ...patch, scopes }, now);
    // A narrower client must not keep wider tokens: its machines fetch new ones.
    if (scopes || patch.active === false) await revokeClientTokens(ctx.db, actor.tenantId, id, client.userId, now);
    return toClientView((await clients.getClient(ctx.db, actor.tenantId, id))!);
  }

  async function rotateSecret(actor: Actor, id: string) {
    const client = await load(actor, id);
    const secret = newSecret();
    const now = ctx.clock.now();
    await clients.updateClient(ctx.db, actor.tenantId, id, { secretHash: hashSecret(secret) }, now);
    await revokeClientTokens(ctx.db, actor.tenantId, id, client.userId, now);
    return { id, clientId: client.clientId, clientSecret: secret };
  }

  async function remove(actor: Actor, id: string) {
    const client = await load(actor, id);
    const now = ctx.clock.now();
    await revokeClientTokens(ctx.db, actor.tenantId, id, client.userId, now);
    await clients.deleteClient(ctx.db, actor.tenantId, id);
  }

  /** The token endpoint: RFC 6749 §4.4 with the refusals of §5.2. */
  async function issueToken(credentials: ClientCredentials, input: { grantType: unknown; scope: unknown; ip: string }) {
    if (input.grantType !== 'client_credentials') {
      throw typeof input.grantType === 'string'
        ? new OAuthError('unsupported_grant_type', 'Only grant_type=client_credentials is supported.')
        : new OAuthError('invalid_request', 'grant_type is missing.');
    }
    if (input.scope !== undefined && typeof input.scope !== 'string') throw new OAuthError('invalid_request', 'scope must be a space-separated string.');
    const now = ctx.clock.now();
    const key = credentials.clientId.slice(0, 100);
    const wait = Math.max(perClient.retryAfter(key, now.getTime()), perAddress.retryAfter(input.ip, now.getTime()));
    if (wait > 0) throw new OAuthError('invalid_client', `Too many failed attempts. Try again in ${Math.ceil(wait / 60)} minutes.`, 429, wait);
    const client = credentials.clientId.length <= 100 ? await clients.findClientByClientId(ctx.db, credentials.clientId) : undefined;
    const secretHash = hashSecret(credentials.clientSecret);
    if (!client || !client.active || !sameHash(secretHash, client.secretHash)) {
      perClient.fail(key, now.getTime());
      perAddress.fail(input.ip, now.getTime());
      throw new OAuthError('invalid_client', 'The client id or secret is wrong, or the client is disabled.', 401);
    }
    perClient.succeed(key);
    const granted = grantScopes(input.scope as string | undefined, client.scopes);
    if (!granted.ok) {
      throw new OAuthError('invalid_scope', `This client may not have ${granted.invalid.join(' ')}. Its scopes: ${client.scopes.join(' ')}.`);
    }
    const token = newToken('lda');
    const expiresAt = new Date(now.getTime() + client.tokenTtlSeconds * 1000);
    await insertToken(ctx.db, {
      tenantId: client.tenantId, id: uuidv7(now.getTime()), userId: client.userId, tokenHash: hashToken(token), kind: 'client',
      name: client.name, expiresAt, now, scopes: granted.scopes, clientId: client.id,
    });
    await clients.updateClient(ctx.db, client.tenantId, client.id, { lastTokenAt: now }, now);
    return { access_token: token, token_type: 'Bearer', expires_in: client.tokenTtlSeconds, scope: granted.scopes.join(' ') };
  }

  async function list(actor: Actor) {
    requireAdmin(actor);
    return { items: (await clients.listClients(ctx.db, actor.tenantId)).map(toClientView) };
  }

  return {
    create, update, rotateSecret, remove, issueToken, list,
    get: async (actor: Actor, id: string) => toClientView(await load(actor, id)),
  };
}

export type ClientService = ReturnType<typeof createClientService>;

