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

describe('a ticket from report to close', () => {
  it('works through the whole life with the API', async () => {
    const created = await app.request('POST', '/api/v1/tickets', { token: t.requester.token, body: { description: '3号机床主轴异响，请尽快处理。' } });
    expect(created.status).toBe(201);
    expect(created.body.title).toBe('3号机床主轴异响，请尽快处理');
    expect(created.body.number).toMatch(/^WO-\d{8}-0001$/);
    const id = created.body.id;
    const step = (token: string, action: string, body: object = {}) => app.request('POST', `/api/v1/tickets/${id}/actions/${action}`, { token, body });
    expect((await step(t.dispatcher.token, 'dispatch', { assigneeId: t.engineer.id })).body.status).toBe('dispatched');
    expect((await step(t.engineer.token, 'accept')).body.status).toBe('accepted');
    expect((await step(t.engineer.token, 'start')).body.status).toBe('in_progress');
    expect((await step(t.engineer.token, 'hold', { reason: '等备件' })).body.status).toBe('on_hold');
    expect((await step(t.engineer.token, 'resume')).body.status).toBe('in_progress');
    expect((await step(t.engineer.token, 'resolve', { solution: '更换主轴轴承' })).body.status).toBe('resolved');
    const verified = await step(t.requester.token, 'verify', { result: 'satisfied' });
    expect(verified.body.status).toBe('closed');
    const events = await app.request('GET', `/api/v1/tickets/${id}/events`, { token: t.admin.token });
    expect(events.body.items.map((e: { type: string }) => e.type)).toEqual(['created', 'dispatched', 'accepted', 'started', 'held', 'resumed', 'resolved', 'verified']);
  });
});
