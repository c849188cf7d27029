/** Shared by the closure API tests: ticket types with a category, rules, tickets at work, evidence uploads. */
import { randomBytes, randomInt } from 'node:crypto';
import { expect } from 'vitest';
import type { TestApp } from '../support/app.ts';
import type { TestTenant } from '../support/factories.ts';
import { uploadFile } from '../support/uploads.ts';

/** A real 1×1 PNG. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
export const LOG = Buffer.from('2026-11-24 10:02:11 INFO 变频器复位完成\n2026-11-24 10:05:40 INFO 空载运行 30 分钟无报警\n');

/** Random Chinese text: no two reports alike, so intake takes none for a duplicate of another. */
export const randomReport = () => `设备故障：${Array.from({ length: 16 }, () => String.fromCodePoint(0x4e00 + randomInt(0x5000))).join('')}`;

export const act = (app: TestApp, token: string, ticketId: string, action: string, body: object = {}) =>
  app.request('POST', `/api/v1/tickets/${ticketId}/actions/${action}`, { token, body });

let typeCounter = 0;

/** A new ticket type of the tenant whose form has a free-text `category`; its key. */
export async function typeWithCategory(app: TestApp, t: TestTenant): Promise<string> {
  const key = `closure_${(typeCounter++).toString(36)}_${randomBytes(3).toString('hex')}`;
  const created = await app.request('POST', '/api/v1/ticket-types', {
    token: t.admin.token,
    body: {
      key, nameZh: '配电柜检修', nameEn: 'Switchgear repair',
      formSchema: { type: 'object', properties: { category: { 'x-widget': 'text', type: 'string', title: '故障类别' } } },
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return key;
}

export async function createRule(app: TestApp, t: TestTenant, body: Record<string, unknown>) {
  const created = await app.request('POST', '/api/v1/admin/closure/rules', { token: t.admin.token, body: { reviewRequired: false, ...body } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as { id: string; items: { key: string }[] };
}

/** Reported by the requester, dispatched to `assignee` (the engineer by default), accepted and started. */
export async function ticketAtWork(app: TestApp, t: TestTenant, options: {
  type?: string; category?: string; assignee?: { id: string; token: string }; start?: boolean;
} = {}): Promise<{ id: string; number: string }> {
  const assignee = options.assignee ?? t.engineer;
  const created = await app.request('POST', '/api/v1/tickets', {
    token: t.requester.token,
    body: { description: randomReport(), ...(options.type && { type: options.type }), ...(options.category && { fields: { category: options.category } }) },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id as string;
  for (const [token, action, body] of [
    [t.dispatcher.token, 'dispatch', { assigneeId: assignee.id }],
    [assignee.token, 'accept', {}],
    ...(options.start === false ? [] : [[assignee.token, 'start', {}]]),
  ] as [string, string, object][]) {
    const response = await act(app, token, id, action, body);
    expect(response.status, `${action}: ${JSON.stringify(response.body)}`).toBe(200);
  }
  return { id, number: created.body.number as string };
}

/** Uploads evidence through the core's attachments route; the new attachment's id. */
export async function upload(app: TestApp, token: string, ticketId: string, filename: string, content: Buffer): Promise<string> {
  const response = await uploadFile(app, token, ticketId, { filename, content, kind: 'evidence' });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id as string;
}

export const tick = (app: TestApp, token: string, ticketId: string, key: string, body: object) =>
  app.request('PUT', `/api/v1/tickets/${ticketId}/checklist/${key}`, { token, body });

export async function events(app: TestApp, t: TestTenant, ticketId: string) {
  const response = await app.request('GET', `/api/v1/tickets/${ticketId}/events`, { token: t.admin.token });
  expect(response.status).toBe(200);
  return response.body.items as { type: string; actorId: string | null; at: string; data: Record<string, any> }[];
}

/** The in-app notifications of one template about a ticket, by recipient. */
export async function notified(app: TestApp, ticketId: string, template: string): Promise<{ userId: string; body: string }[]> {
  const rows = await app.ctx.db.selectFrom('notifications').select(['user_id', 'body']).where('ticket_id', '=', ticketId)
    .where('template', '=', template).execute();
  return rows.map((row) => ({ userId: row.user_id, body: row.body }));
}
