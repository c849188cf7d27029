import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createTenant, type TestTenant } from '../support/factories.ts';

let app: TestApp;
let t: TestTenant;
let other: TestTenant;
const hook = { url: 'http://127.0.0.1:9/hooks', events: ['ticket.created'] };

beforeAll(async () => {
  app = await startTestApp();
  [t, other] = [await createTenant(app), await createTenant(app)];
});
afterAll(() => app.close());

const create = (token: string, body: Record<string, unknown>) => app.request('POST', '/api/v1/webhooks', { token, body });

describe('webhook subscriptions', () => {
  it('creates one with a generated secret shown once, owned by the admin who made it', async () => {
    const created = await create(t.admin.token, { ...hook, filter: { priority: ['P1', 'P2'] } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ url: 'http://127.0.0.1:9/hooks', events: ['ticket.created'], status: 'active', ownerId: t.admin.id,
      filter: { priority: ['P1', 'P2'] }, timeoutSeconds: 10, secret: expect.stringMatching(/^whsec_/) });
    const read = await app.request('GET', `/api/v1/webhooks/${created.body.id}`, { token: t.admin.token });
    expect(read.body.secret).toBeUndefined();
    const list = await app.request('GET', '/api/v1/webhooks', { token: t.admin.token });
    expect(JSON.stringify(list.body)).not.toContain(created.body.secret);

    const rotated = await app.request('POST', `/api/v1/webhooks/${created.body.id}/rotate-secret`, { token: t.admin.token });
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(created.body.secret);
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data', /link-local/],
    ['http://[fe80::1]:8080/hook', /link-local/],
    ['ftp://127.0.0.1/hook', /http or https/],
  ])('refuses %s with 400 naming url', async (url, message) => {
    const answer = await create(t.admin.token, { ...hook, url });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'invalid_input', details: { field: 'url' }, message: expect.stringMatching(message) });
  });

  it('refuses a secret that is not whsec_ + base64, and unknown event types', async () => {
    const secret = await create(t.admin.token, { ...hook, secret: 'hunter2' });
    expect(secret.status).toBe(400);
    expect(secret.body.error.details).toMatchObject({ field: 'secret' });
    const events = await create(t.admin.token, { ...hook, events: ['ticket.exploded'] });
    expect(events.status).toBe(400);
  });

  it('refuses loopback and private addresses once the tenant\'s admin restricts them', async () => {
    const settings = await app.request('PUT', '/api/v1/webhooks/settings', { token: other.admin.token, body: { allowPrivateNetworks: false } });
    expect(settings.body).toEqual({ allowPrivateNetworks: false, alertAfterFailures: 3, pauseAfterSeconds: 86400 });
    const refused = await create(other.admin.token, { ...hook, url: 'http://10.1.2.3/hook' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/private/);
    expect((await create(t.admin.token, { ...hook, url: 'http://10.1.2.3/hook' })).status).toBe(201); // another tenant's rule
  });

  it('switches off and back on with PATCH active', async () => {
    const { body } = await create(t.admin.token, hook);
    const off = await app.request('PATCH', `/api/v1/webhooks/${body.id}`, { token: t.admin.token, body: { active: false, name: '质检系统' } });
    expect(off.body).toMatchObject({ status: 'disabled', active: false, name: '质检系统' });
    const on = await app.request('PATCH', `/api/v1/webhooks/${body.id}`, { token: t.admin.token, body: { active: true } });
    expect(on.body).toMatchObject({ status: 'active', active: true });
  });

  it('is for admins only, and another tenant\'s ids answer 404 and change nothing', async () => {
    const { body } = await create(t.admin.token, hook);
    for (const user of [t.dispatcher, t.manager, t.engineer, t.requester]) {
      expect((await create(user.token, hook)).status).toBe(403);
      expect((await app.request('GET', '/api/v1/webhooks', { token: user.token })).status).toBe(403);
      expect((await app.request('GET', `/api/v1/webhooks/${body.id}/deliveries`, { token: user.token })).status).toBe(403);
    }
    expect((await app.request('GET', '/api/v1/webhooks')).status).toBe(401);
    const routes: [string, string, unknown?][] = [
      ['GET', ''], ['PATCH', '', { active: false }], ['POST', '/rotate-secret'], ['POST', '/resume'], ['GET', '/deliveries'],
      ['POST', '/replay', { from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' }], ['DELETE', ''],
    ];
    for (const [method, suffix, requestBody] of routes) {
      const answer = await app.request(method, `/api/v1/webhooks/${body.id}${suffix}`, { token: other.admin.token, body: requestBody });
      expect(answer.status, `${method} ${suffix}`).toBe(404);
    }
    const still = await app.request('GET', `/api/v1/webhooks/${body.id}`, { token: t.admin.token });
    expect(still.body).toMatchObject({ status: 'active', name: body.name });
    expect((await app.request('GET', '/api/v1/webhooks', { token: other.admin.token })).body.items.map((item: { id: string }) => item.id)).not.toContain(body.id);
  });

  it('publishes each event type\'s payload schema at a stable public URL', async () => {
    const schema = await app.request('GET', '/api/v1/webhooks/schemas/ticket.status_changed');
    expect(schema.status).toBe(200);
    expect(schema.body).toMatchObject({ $id: expect.stringMatching(/\/api\/v1\/webhooks\/schemas\/ticket\.status_changed$/), required: ['type', 'timestamp', 'data'] });
    expect((await app.request('GET', '/api/v1/webhooks/schemas/ticket.exploded')).status).toBe(404);
  });
});
