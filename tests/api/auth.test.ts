import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createTenant, PASSWORD, type TestTenant } from '../support/factories.ts';
import { ManualClock } from '../../src/platform/clock.ts';

let app: TestApp;
let t: TestTenant;
const clock = new ManualClock();
beforeAll(async () => {
  app = await startTestApp({ clock, config: { sessionTtlSeconds: 3600 } });
  t = await createTenant(app);
});
afterAll(() => app.close());

const login = (body: object) => app.request('POST', '/api/v1/auth/login', { body });

describe('login', () => {
  it('answers a token and the user, and the token works for /me', async () => {
    const response = await login({ tenant: t.tenant.slug, email: t.admin.email.toUpperCase(), password: PASSWORD });
    expect(response.status).toBe(200);
    expect(response.body.user).toEqual({ id: t.admin.id, name: 'Admin', roles: ['admin'] });
    expect(String(response.headers['set-cookie'])).toContain('HttpOnly');
    const me = await app.request('GET', '/api/v1/me', { token: response.body.token });
    expect(me.body).toMatchObject({ id: t.admin.id, email: t.admin.email, roles: ['admin'], tenant: { id: t.tenant.id, slug: t.tenant.slug } });
  });

  it('stores only a hash of the token', async () => {
    const { body } = await login({ tenant: t.tenant.slug, email: t.admin.email, password: PASSWORD });
    const rows = await app.ctx.db.selectFrom('auth_tokens').select('token_hash').where('tenant_id', '=', t.tenant.id).execute();
    expect(rows.some((row) => row.token_hash === body.token)).toBe(false);
    expect(rows.every((row) => /^[0-9a-f]{64}$/.test(row.token_hash))).toBe(true);
  });

  it('gives one answer for an unknown user, a wrong password and an unknown tenant', async () => {
    const answers = await Promise.all([
      login({ tenant: t.tenant.slug, email: 'nobody@x.test', password: PASSWORD }),
      login({ tenant: t.tenant.slug, email: t.admin.email, password: 'wrong password' }),
      login({ tenant: 'no-such-tenant', email: t.admin.email, password: PASSWORD }),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(answer.body.error).toMatchObject({ code: 'invalid_credentials', message: answers[0].body.error.message });
    }
  });

  it('locks an account out after 10 failures in 15 minutes, then lets it in again', async () => {
    const fresh = await createTenant(app);
    const user = { tenant: fresh.tenant.slug, email: fresh.admin.email };
    for (let i = 0; i < 10; i++) expect((await login({ ...user, password: `guess ${i}` })).status).toBe(401);
    const locked = await login({ ...user, password: PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('rate_limited');
    clock.advance(15 * 60 + 1);
    expect((await login({ ...user, password: PASSWORD })).status).toBe(200);
  });
});

describe('tokens', () => {
  it('expires sessions after their lifetime', async () => {
    const { body } = await login({ tenant: t.tenant.slug, email: t.admin.email, password: PASSWORD });
    clock.advance(3601);
    const response = await app.request('GET', '/api/v1/me', { token: body.token });
    expect(response.status).toBe(401);
  });

  it('revokes the session on logout', async () => {
    const { body } = await login({ tenant: t.tenant.slug, email: t.admin.email, password: PASSWORD });
    expect((await app.request('POST', '/api/v1/auth/logout', { token: body.token })).status).toBe(204);
    expect((await app.request('GET', '/api/v1/me', { token: body.token })).status).toBe(401);
  });

  it('makes personal API tokens for scripts, shown once, listed without secret, revocable', async () => {
    const created = await app.request('POST', '/api/v1/me/tokens', { token: t.dispatcher.token, body: { name: 'MES 同步脚本', expiresInDays: 30 } });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^ldp_/);
    expect((await app.request('GET', '/api/v1/me', { token: created.body.token })).body.id).toBe(t.dispatcher.id);
    const listed = await app.request('GET', '/api/v1/me/tokens', { token: t.dispatcher.token });
    expect(listed.body.items).toEqual([expect.objectContaining({ id: created.body.id, name: 'MES 同步脚本' })]);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.token);
    await app.request('DELETE', `/api/v1/me/tokens/${created.body.id}`, { token: t.dispatcher.token });
    expect((await app.request('GET', '/api/v1/me', { token: created.body.token })).status).toBe(401);
  });

  it('accepts the session cookie of the web app', async () => {
    const { body } = await login({ tenant: t.tenant.slug, email: t.admin.email, password: PASSWORD });
    const response = await app.request('GET', '/api/v1/me', { headers: { cookie: `loopdesk_session=${body.token}` } });
    expect(response.status).toBe(200);
  });
});

describe('the documents', () => {
  it('serves OpenAPI with every ticket route and a docs page', async () => {
    const spec = await app.request('GET', '/openapi.json');
    expect(spec.status).toBe(200);
    expect(spec.body.openapi).toMatch(/^3\./);
    for (const path of ['/api/v1/tickets', '/api/v1/tickets/{id}', '/api/v1/tickets/{id}/actions/{action}', '/api/v1/tickets/{id}/events', '/api/v1/auth/login', '/api/v1/me', '/api/v1/users']) {
      expect(Object.keys(spec.body.paths)).toContain(path);
    }
    const docs = await app.request('GET', '/docs/');
    expect(docs.status).toBe(200);
    expect(String(docs.body)).toContain('swagger');
  });

  it('answers /health', async () => {
    expect((await app.request('GET', '/health')).body).toEqual({ status: 'ok' });
  });
});
