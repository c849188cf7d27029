/** Another tenant's ids answer 404 and change nothing, on every ticket route that takes an id. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createTenant, type TestTenant } from '../support/factories.ts';

let app: TestApp;
let home: TestTenant;
let other: TestTenant;
let foreignTicket: { id: string; version: number };
let foreignTokenId: string;

beforeAll(async () => {
  app = await startTestApp();
  [home, other] = await Promise.all([createTenant(app), createTenant(app)]);
  foreignTicket = (await app.request('POST', '/api/v1/tickets', { token: other.requester.token, body: { description: '别家租户的工单' } })).body;
  await app.request('POST', `/api/v1/tickets/${foreignTicket.id}/actions/dispatch`, { token: other.dispatcher.token, body: { assigneeId: other.engineer.id } });
  await app.request('POST', '/api/v1/ticket-types', {
    token: other.admin.token, body: { key: 'forklift', nameZh: '叉车维修', nameEn: 'Forklift' },
  });
  foreignTokenId = (await app.request('POST', '/api/v1/me/tokens', { token: other.admin.token, body: { name: 'script' } })).body.id;
});
afterAll(() => app.close());

async function foreignState() {
  const ticket = await app.request('GET', `/api/v1/tickets/${foreignTicket.id}`, { token: other.admin.token });
  const events = await app.request('GET', `/api/v1/tickets/${foreignTicket.id}/events`, { token: other.admin.token });
  // The SLA countdown moves with the clock; everything stored must not.
  const { sla: { responseRemainingSeconds: _r, resolveRemainingSeconds: _s, ...sla }, ...stored } = ticket.body;
  return { ticket: { ...stored, sla }, events: events.body.items.length };
}

describe('tenant isolation of tickets', () => {
  const actions = ['dispatch', 'accept', 'decline', 'start', 'hold', 'resume', 'resolve', 'verify', 'close', 'reopen', 'cancel', 'comment'];

  it.each(['admin', 'dispatcher', 'engineer', 'requester'] as const)('a %s of another tenant gets 404 everywhere', async (role) => {
    const token = home[role].token;
    const before = await foreignState();
    const attempts = [
      await app.request('GET', `/api/v1/tickets/${foreignTicket.id}`, { token }),
      await app.request('GET', `/api/v1/tickets/${foreignTicket.id}/events`, { token }),
      await app.request('PATCH', `/api/v1/tickets/${foreignTicket.id}`, { token, body: { priority: 'P1' } }),
      ...await Promise.all(actions.map((action) => app.request('POST', `/api/v1/tickets/${foreignTicket.id}/actions/${action}`, {
        token, body: { reason: 'x', solution: 'x', result: 'satisfied', body: 'x', assigneeId: home.engineer.id },
      }))),
    ];
    for (const attempt of attempts) {
      expect(attempt.status).toBe(404);
      expect(attempt.body.error.code).toBe('not_found');
    }
    expect(await foreignState()).toEqual(before);
  });

  it('does not list, search or count another tenant\'s tickets', async () => {
    const listed = await app.request('GET', '/api/v1/tickets?q=别家租户&limit=200', { token: home.admin.token });
    expect(listed.body.items).toEqual([]);
  });

  it('keeps ticket types apart', async () => {
    expect((await app.request('GET', '/api/v1/ticket-types/forklift', { token: home.admin.token })).status).toBe(404);
    expect((await app.request('PATCH', '/api/v1/ticket-types/forklift', { token: home.admin.token, body: { nameZh: '改' } })).status).toBe(404);
    const created = await app.request('POST', '/api/v1/tickets', { token: home.requester.token, body: { description: '叉车坏了', type: 'forklift' } });
    expect(created.status).toBe(400);
    expect((await app.request('GET', '/api/v1/ticket-types/forklift', { token: other.admin.token })).body.nameZh).toBe('叉车维修');
  });

  it('refuses to dispatch to another tenant\'s engineer', async () => {
    const ticket = (await app.request('POST', '/api/v1/tickets', { token: home.requester.token, body: { description: '本租户工单' } })).body;
    const response = await app.request('POST', `/api/v1/tickets/${ticket.id}/actions/dispatch`, { token: home.dispatcher.token, body: { assigneeId: other.engineer.id } });
    expect(response.status).toBe(400);
    expect((await app.request('GET', `/api/v1/tickets/${ticket.id}`, { token: home.admin.token })).body.status).toBe('new');
  });

  it('cannot revoke another tenant\'s personal token', async () => {
    expect((await app.request('DELETE', `/api/v1/me/tokens/${foreignTokenId}`, { token: home.admin.token })).status).toBe(404);
    const stillThere = await app.request('GET', '/api/v1/me/tokens', { token: other.admin.token });
    expect(stillThere.body.items.map((item: { id: string }) => item.id)).toContain(foreignTokenId);
  });
});
