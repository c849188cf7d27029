/** Bad input gets a 4xx with a clear error.code, and writes nothing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createTenant, type TestTenant } from '../support/factories.ts';

let app: TestApp;
let t: TestTenant;
beforeAll(async () => {
  app = await startTestApp();
  t = await createTenant(app);
});
afterAll(() => app.close());

const countRows = async () => {
  const tickets = await app.ctx.db.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', t.tenant.id).executeTakeFirstOrThrow();
  const events = await app.ctx.db.selectFrom('ticket_events').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', t.tenant.id).executeTakeFirstOrThrow();
  return { tickets: Number(tickets.n), events: Number(events.n) };
};

describe('creating a ticket with bad input', () => {
  const cases: [string, { body?: unknown; payload?: string; headers?: Record<string, string> }, number, string][] = [
    ['a missing description', { body: {} }, 400, 'invalid_input'],
    ['an empty description', { body: { description: '' } }, 400, 'invalid_input'],
    ['a description of only spaces', { body: { description: '   \n ' } }, 400, 'invalid_input'],
    ['a description of 20,001 characters', { body: { description: '修'.repeat(20001) } }, 400, 'invalid_input'],
    ['a description that is a number', { body: { description: 42 } }, 400, 'invalid_input'],
    ['a priority that does not exist', { body: { description: '报修', priority: 'P9' } }, 400, 'invalid_input'],
    ['a location out of range', { body: { description: '报修', location: { lat: 200, lng: 0 } } }, 400, 'invalid_input'],
    ['an unknown property', { body: { description: '报修', urgency: 'high' } }, 400, 'invalid_input'],
    ['an unknown ticket type', { body: { description: '报修', type: 'teleport' } }, 400, 'invalid_input'],
    ['a custom field the type does not have', { body: { description: '报修', fields: { color: 'red' } } }, 400, 'invalid_fields'],
    ['a customer id that does not exist', { body: { description: '报修', customerId: '01900000-0000-7000-8000-000000000000' } }, 400, 'invalid_input'],
    ['a malformed device id', { body: { description: '报修', deviceId: 'not-a-uuid' } }, 400, 'invalid_input'],
    ['malformed JSON', { payload: '{"description": "报修', headers: { 'content-type': 'application/json' } }, 400, 'invalid_json'],
    ['a JSON array body', { body: ['报修'] }, 400, 'invalid_input'],
    ['a text/plain body', { payload: 'description=报修', headers: { 'content-type': 'text/plain' } }, 415, 'unsupported_media_type'],
  ];

  it.each(cases)('refuses %s', async (_name, options, status, code) => {
    const before = await countRows();
    const response = await app.request('POST', '/api/v1/tickets', { token: t.requester.token, ...options });
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
    expect(response.body.error.message).toMatch(/\w/);
    expect(await countRows()).toEqual(before);
  });

  it('refuses a body over 1 MB with 413', async () => {
    const response = await app.request('POST', '/api/v1/tickets', {
      token: t.requester.token, payload: JSON.stringify({ description: 'x'.repeat(1_100_000) }), headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('payload_too_large');
  });
});

describe('acting on a ticket with bad input', () => {
  it('refuses an unknown action, a missing reason, a bad verify result, a dispatch to a non-engineer', async () => {
    const ticket = (await app.request('POST', '/api/v1/tickets', { token: t.requester.token, body: { description: '冷却塔风机不转' } })).body;
    const before = await countRows();
    const act = (action: string, body: unknown, token = t.dispatcher.token) =>
      app.request('POST', `/api/v1/tickets/${ticket.id}/actions/${action}`, { token, body });
    expect((await act('teleport', {})).body.error.code).toBe('invalid_input');
    expect((await act('cancel', {})).body.error).toMatchObject({ code: 'invalid_input', details: { field: 'reason' } });
    expect((await act('dispatch', { assigneeId: t.finance.id })).status).toBe(422);
    expect((await act('dispatch', { assigneeId: 'x' })).status).toBe(400);
    expect((await act('comment', { body: '' })).status).toBe(400);
    expect((await act('comment', { body: 1 })).status).toBe(400);
    expect(await countRows()).toEqual(before);
  });

  it('answers 404 for an id that is not a ticket and 400 for one that is not an id', async () => {
    expect((await app.request('GET', '/api/v1/tickets/01900000-0000-7000-8000-000000000000', { token: t.admin.token })).status).toBe(404);
    expect((await app.request('GET', '/api/v1/tickets/123', { token: t.admin.token })).status).toBe(400);
    expect((await app.request('GET', '/api/v1/tickets?status=lost', { token: t.admin.token })).status).toBe(400);
    expect((await app.request('GET', '/api/v1/tickets?cursor=abc', { token: t.admin.token })).status).toBe(400);
    expect((await app.request('GET', '/api/v1/tickets?limit=100000', { token: t.admin.token })).status).toBe(400);
  });

  it('answers a JSON 404 for an unknown route and 401 without a token', async () => {
    const unknown = await app.request('GET', '/api/v1/nothing-here', { token: t.admin.token });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
    const anonymous = await app.request('GET', '/api/v1/tickets');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('unauthenticated');
  });
});
