/** OAuth2 client credentials: administration, the token endpoint (RFC 6749 §4.4), scopes on every route, quotas. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createTenant, type TestTenant } from '../support/factories.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { scopeAllows } from '../../src/platform/http/scopes.ts';

let app: TestApp;
let t: TestTenant;
let other: TestTenant;
const clock = new ManualClock(new Date('2026-11-25T02:00:00Z'));
beforeAll(async () => {
  app = await startTestApp({ clock });
  t = await createTenant(app);
  other = await createTenant(app);
});
afterAll(() => app.close());

const CLIENTS = '/api/v1/admin/api-clients';

async function newClient(body: Record<string, unknown>, tenant = t) {
  const response = await app.request('POST', CLIENTS, { token: tenant.admin.token, body: { name: 'MES', ...body } });
  expect(response.status).toBe(201);
  return response.body as { id: string; clientId: string; clientSecret: string; userId: string };
}

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

function tokenRequest(form: Record<string, string>, authorization?: string) {
  return app.request('POST', '/api/v1/oauth/token', {
    payload: new URLSearchParams(form).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(authorization ? { authorization } : {}) },
  });
}

async function accessToken(client: { clientId: string; clientSecret: string }, scope?: string): Promise<string> {
  const response = await tokenRequest({ grant_type: 'client_credentials', ...(scope ? { scope } : {}) }, basic(client.clientId, client.clientSecret));
  expect(response.status).toBe(200);
  return response.body.access_token;
}

describe('API client administration', () => {
  it('shows the secret once, keeps only its hash, and gives the client its own identity', async () => {
    const client = await newClient({ scopes: ['tickets:write'], roles: ['dispatcher'] });
    expect(client.clientSecret).toMatch(/^ldcs_/);
    const shown = await app.request('GET', `${CLIENTS}/${client.id}`, { token: t.admin.token });
    expect(shown.status).toBe(200);
    expect(JSON.stringify(shown.body)).not.toContain(client.clientSecret);
    expect(shown.body).toMatchObject({ clientId: client.clientId, scopes: ['tickets:write'], roles: ['dispatcher'], rateLimitPerMinute: 600, tokenTtlSeconds: 3600, active: true });
    const row = await app.ctx.db.selectFrom('api_clients').select('secret_hash').where('id', '=', client.id).executeTakeFirstOrThrow();
    expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    const user = await app.request('GET', `/api/v1/users/${client.userId}`, { token: t.admin.token });
    expect(user.body.name).toBe('API 客户端：MES');
  });

  it('is for admins only, and another tenant\'s client is not found', async () => {
    expect((await app.request('GET', CLIENTS, { token: t.dispatcher.token })).status).toBe(403);
    expect((await app.request('POST', CLIENTS, { token: t.manager.token, body: { name: 'x', scopes: ['tickets:read'] } })).status).toBe(403);
    const theirs = await newClient({ scopes: ['tickets:read'] }, other);
    for (const [method, url, body] of [['GET', `${CLIENTS}/${theirs.id}`], ['PATCH', `${CLIENTS}/${theirs.id}`, { active: false }],
      ['POST', `${CLIENTS}/${theirs.id}/rotate-secret`], ['DELETE', `${CLIENTS}/${theirs.id}`]] as const) {
      expect((await app.request(method, url, { token: t.admin.token, body })).status).toBe(404);
    }
    expect((await tokenRequest({ grant_type: 'client_credentials' }, basic(theirs.clientId, theirs.clientSecret))).status).toBe(200);
  });

  it('refuses unknown scopes with a 400 naming them', async () => {
    const response = await app.request('POST', CLIENTS, { token: t.admin.token, body: { name: 'x', scopes: ['tickets:delete'] } });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain('scopes');
  });
});

describe('the token endpoint', () => {
  it('trades HTTP Basic credentials for a short-lived bearer token, not cached by anyone', async () => {
    const client = await newClient({ scopes: ['tickets:write', 'directory:read'], tokenTtlSeconds: 600 });
    const response = await tokenRequest({ grant_type: 'client_credentials' }, basic(client.clientId, client.clientSecret));
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toEqual({ access_token: expect.stringMatching(/^lda_/), token_type: 'Bearer', expires_in: 600, scope: 'tickets:write directory:read' });
    const me = await app.request('GET', '/api/v1/me', { token: response.body.access_token });
    expect(me.body).toMatchObject({ id: client.userId, roles: ['dispatcher'] });

    clock.advance(599);
    expect((await app.request('GET', '/api/v1/me', { token: response.body.access_token })).status).toBe(200);
    clock.advance(2);
    expect((await app.request('GET', '/api/v1/me', { token: response.body.access_token })).status).toBe(401);
  });

  it('takes the credentials in a form or JSON body too, and grants a subset of scopes when asked', async () => {
    const client = await newClient({ scopes: ['tickets:write', 'directory:read'] });
    const form = await tokenRequest({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret, scope: 'directory:read' });
    expect(form.body.scope).toBe('directory:read');
    const json = await app.request('POST', '/api/v1/oauth/token', { body: { grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret } });
    expect(json.status).toBe(200);
  });

  it('answers refusals the RFC 6749 way', async () => {
    const client = await newClient({ scopes: ['tickets:read'] });
    const wrong = await tokenRequest({ grant_type: 'client_credentials' }, basic(client.clientId, 'ldcs_wrong'));
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ error: 'invalid_client', error_description: expect.any(String) });
    expect(wrong.headers['www-authenticate']).toContain('Basic');
    const unknown = await tokenRequest({ grant_type: 'client_credentials' }, basic('ldc_nobody', client.clientSecret));
    expect(unknown.body.error).toBe('invalid_client');
    const grant = await tokenRequest({ grant_type: 'password' }, basic(client.clientId, client.clientSecret));
    expect([grant.status, grant.body.error]).toEqual([400, 'unsupported_grant_type']);
    const missing = await tokenRequest({}, basic(client.clientId, client.clientSecret));
    expect([missing.status, missing.body.error]).toEqual([400, 'invalid_request']);
    const scope = await tokenRequest({ grant_type: 'client_credentials', scope: 'tickets:read admin:write' }, basic(client.clientId, client.clientSecret));
    expect([scope.status, scope.body.error]).toEqual([400, 'invalid_scope']);
    expect(scope.body.error_description).toContain('admin:write');
    const twice = await tokenRequest({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret }, basic(client.clientId, client.clientSecret));
    expect(twice.body.error).toBe('invalid_request');
  });

  it('locks a client id out after 10 wrong secrets in 15 minutes', async () => {
    const client = await newClient({ scopes: ['tickets:read'] });
    for (let attempt = 0; attempt < 10; attempt += 1) {
      expect((await tokenRequest({ grant_type: 'client_credentials' }, basic(client.clientId, `ldcs_guess${attempt}`))).status).toBe(401);
    }
    const locked = await tokenRequest({ grant_type: 'client_credentials' }, basic(client.clientId, client.clientSecret));
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    clock.advance(15 * 60 + 1);
    expect((await tokenRequest({ grant_type: 'client_credentials' }, basic(client.clientId, client.clientSecret))).status).toBe(200);
  });

  it('stops the old secret and its tokens on rotation, and every token when disabled or deleted', async () => {
    const client = await newClient({ scopes: ['tickets:read'] });
    const before = await accessToken(client);
    const rotated = await app.request('POST', `${CLIENTS}/${client.id}/rotate-secret`, { token: t.admin.token });
    expect(rotated.body.clientSecret).not.toBe(client.clientSecret);
    expect((await app.request('GET', '/api/v1/tickets', { token: before })).status).toBe(401);
    expect((await tokenRequest({ grant_type: 'client_credentials' }, basic(client.clientId, client.clientSecret))).status).toBe(401);
    const after = await accessToken({ clientId: client.clientId, clientSecret: rotated.body.clientSecret });
    expect((await app.request('GET', '/api/v1/tickets', { token: after })).status).toBe(200);

    expect((await app.request('PATCH', `${CLIENTS}/${client.id}`, { token: t.admin.token, body: { active: false } })).status).toBe(200);
    expect((await app.request('GET', '/api/v1/tickets', { token: after })).status).toBe(401);
    expect((await tokenRequest({ grant_type: 'client_credentials' }, basic(client.clientId, rotated.body.clientSecret))).body.error).toBe('invalid_client');

    expect((await app.request('DELETE', `${CLIENTS}/${client.id}`, { token: t.admin.token })).status).toBe(204);
    expect((await app.request('GET', `${CLIENTS}/${client.id}`, { token: t.admin.token })).status).toBe(404);
  });

  it('revokes the tokens of a client whose scopes are narrowed', async () => {
    const client = await newClient({ scopes: ['tickets:write', 'directory:read'] });
    const wide = await accessToken(client);
    await app.request('PATCH', `${CLIENTS}/${client.id}`, { token: t.admin.token, body: { scopes: ['tickets:read'] } });
    expect((await app.request('GET', '/api/v1/users', { token: wide })).status).toBe(401);
    const narrow = await accessToken(client);
    expect((await app.request('GET', '/api/v1/users', { token: narrow })).body.error.code).toBe('insufficient_scope');
  });
});

describe('scopes', () => {
  it('let a tickets:write client file and act on tickets, with its roles still enforced', async () => {
    const client = await newClient({ scopes: ['tickets:write'], roles: ['requester'] });
    const token = await accessToken(client);
    const created = await app.request('POST', '/api/v1/tickets', { token, body: { description: 'MES：3 号线停机，报警 E-17' } });
    expect(created.status).toBe(201);
    expect(created.body.requesterId).toBe(client.userId);
    expect((await app.request('GET', `/api/v1/tickets/${created.body.id}`, { token })).status).toBe(200);
    // A requester may not assign, whatever its scopes.
    const assign = await app.request('POST', `/api/v1/tickets/${created.body.id}/actions/dispatch`, { token, body: { assigneeId: t.engineer.id } });
    expect(assign.status).toBe(403);
    expect(assign.body.error.code).toBe('forbidden');
  });

  it('are enforced on every authenticated route of the API', async () => {
    const client = await newClient({ scopes: ['knowledge:read'], roles: ['admin'] });
    const token = await accessToken(client);
    const document = (await app.request('GET', '/openapi.json')).body as { paths: Record<string, Record<string, { security?: unknown[] }>> };
    const checked: string[] = [];
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        if (!path.startsWith('/api/') || (operation.security && operation.security.length === 0)) continue;
        if (path === '/api/v1/auth/logout' || path === '/api/v1/notifications/stream') continue; // would end this token; a stream never ends
        const url = path.replace(/\{[^}]+\}/g, '00000000-0000-7000-8000-000000000000');
        const response = await app.request(method.toUpperCase(), url, { token, body: ['get', 'delete'].includes(method) ? undefined : {} });
        const refused = response.status === 403 && response.body?.error?.code === 'insufficient_scope';
        const needs = refused ? response.body.error.details.requiredScope : null;
        const allowed = path.startsWith('/api/v1/knowledge') && method === 'get' || path === '/api/v1/me';
        expect({ route: `${method} ${path}`, refused }).toEqual({ route: `${method} ${path}`, refused: !allowed });
        if (refused) expect(scopeAllows(['knowledge:read'], needs)).toBe(false);
        checked.push(`${method} ${path}`);
      }
    }
    expect(checked.length).toBeGreaterThan(100);
    // The stream is scoped like the rest of notifications.
    const stream = await app.request('GET', '/api/v1/notifications/stream', { token });
    expect(stream.body.error.code).toBe('insufficient_scope');
  });

  it('never let a scoped token mint credentials', async () => {
    const client = await newClient({ scopes: [...['tickets', 'directory', 'knowledge', 'notifications', 'integrations', 'admin'].flatMap((area) => [`${area}:read`, `${area}:write`]), 'analytics:read'], roles: ['admin'] });
    const token = await accessToken(client);
    for (const [method, url] of [['POST', '/api/v1/me/tokens'], ['GET', '/api/v1/me/tokens'], ['POST', CLIENTS], ['GET', CLIENTS]] as const) {
      const response = await app.request(method, url, { token, body: method === 'POST' ? { name: 'x', scopes: ['admin:write'] } : undefined });
      expect(response.body.error.code).toBe('insufficient_scope');
    }
    expect((await app.request('GET', '/api/v1/admin/sla/policies', { token })).status).toBe(200);
  });

  it('can limit a personal token as well', async () => {
    const created = await app.request('POST', '/api/v1/me/tokens', { token: t.dispatcher.token, body: { name: 'report script', scopes: ['tickets:read'] } });
    expect(created.status).toBe(201);
    expect(created.body.scopes).toEqual(['tickets:read']);
    expect((await app.request('GET', '/api/v1/tickets', { token: created.body.token })).status).toBe(200);
    const write = await app.request('POST', '/api/v1/tickets', { token: created.body.token, body: { description: '打印机卡纸' } });
    expect([write.status, write.body.error.code]).toEqual([403, 'insufficient_scope']);
    const listed = await app.request('GET', '/api/v1/me/tokens', { token: t.dispatcher.token });
    expect(listed.body.items.find((item: { id: string }) => item.id === created.body.id).scopes).toEqual(['tickets:read']);
  });
});

describe('per-client rate limits', () => {
  it('answer 429 with Retry-After past the limit, refill over the minute, and count each client apart', async () => {
    const slow = await newClient({ scopes: ['tickets:read'], rateLimitPerMinute: 5 });
    const busy = await newClient({ scopes: ['tickets:read'], rateLimitPerMinute: 5 });
    const token = await accessToken(slow);
    const first = await app.request('GET', '/api/v1/tickets', { token });
    expect([first.headers['ratelimit-limit'], first.headers['ratelimit-remaining']]).toEqual(['5', '4']);
    for (let index = 0; index < 4; index += 1) expect((await app.request('GET', '/api/v1/tickets', { token })).status).toBe(200);
    const refused = await app.request('GET', '/api/v1/tickets', { token });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
    expect(refused.headers['retry-after']).toBe('12');
    expect((await app.request('GET', '/api/v1/tickets', { token: await accessToken(busy) })).status).toBe(200);
    // A person's token has no quota.
    expect((await app.request('GET', '/api/v1/tickets', { token: t.dispatcher.token })).headers['ratelimit-limit']).toBeUndefined();
    clock.advance(12);
    expect((await app.request('GET', '/api/v1/tickets', { token })).status).toBe(200);
    expect((await app.request('GET', '/api/v1/tickets', { token })).status).toBe(429);
  });
});
