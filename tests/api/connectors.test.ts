import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createTenant, type TestTenant } from '../support/factories.ts';

const MAPPING = [
  { to: 'externalId', from: '$.id', transforms: ['trim'] },
  { to: 'type', value: 'mes_fault' },
  { to: 'description', from: '$.fault.text', transforms: ['trim'] },
  { to: 'priority', from: '$.level', transforms: [{ op: 'map', values: { 1: 'P1', 2: 'P2' }, default: 'P3' }] },
  { to: 'fields.faultCode', from: '$.fault.code', transforms: ['trim', 'upper'] },
  { to: 'fields.employeeNo', from: '$.reporter', transforms: [{ op: 'regex', pattern: '^E0*(\\d+)$' }, 'integer'] },
  { to: 'externalState', from: '$.state' },
  { to: 'status', from: '$.status_code', transforms: [{ op: 'map', values: { 9: 'cancelled' }, default: '' }] },
];

const SCHEMA = {
  type: 'object',
  required: ['id', 'fault'],
  properties: { id: { type: 'string', minLength: 1 }, level: { type: 'integer' }, fault: { type: 'object', required: ['text'] } },
};

const json = (id: string, extra: Record<string, unknown> = {}) => JSON.stringify({
  id, level: 1, reporter: 'E00123', state: 'OA 审批中', fault: { code: 'err-001 ', text: `3号线 ${id} 主轴过热报警` }, ...extra,
});
const xml = (id: string) => `<?xml version="1.0" encoding="UTF-8"?>
<event><id>${id}</id><level>1</level><reporter>E00123</reporter><state>OA 审批中</state>
  <fault><code>err-001 </code><text>3号线 ${id} 主轴过热报警</text></fault></event>`;

describe('inbound connectors', () => {
  let app: TestApp;
  let tenant: TestTenant;
  let other: TestTenant;
  let token: string;

  const send = (payload: string, options: { key?: string; auth?: string; type?: string; query?: string } = {}) =>
    app.request('POST', `/api/v1/connectors/${options.key ?? 'mes'}/events${options.query ?? ''}`, {
      payload, headers: { 'content-type': options.type ?? 'application/json', ...(options.auth !== '' ? { authorization: `Bearer ${options.auth ?? token}` } : {}) },
    });

  beforeAll(async () => {
    app = await startTestApp();
    tenant = await createTenant(app);
    other = await createTenant(app);
    const formSchema = { type: 'object', properties: { faultCode: { type: 'string', 'x-widget': 'text' }, employeeNo: { type: 'number', 'x-widget': 'number' } } };
    for (const admin of [tenant.admin, other.admin]) {
      const type = await app.request('POST', '/api/v1/ticket-types', { token: admin.token, body: { key: 'mes_fault', nameZh: 'MES 故障', nameEn: 'MES fault', formSchema } });
      expect(type.status, JSON.stringify(type.body)).toBe(201);
    }
    const created = await app.request('POST', '/api/v1/connectors', { token: tenant.admin.token, body: { key: 'mes', name: 'MES 系统', schema: SCHEMA, mapping: MAPPING } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ key: 'mes', token: expect.stringMatching(/^ldc_/) });
    token = created.body.token;
  });
  afterAll(async () => app?.close());

  it('creates a ticket from a JSON event, attributed to the connector, with trimmed and extracted values', async () => {
    const response = await send(json('MES-1'));
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ externalId: 'MES-1', created: true });
    const ticket = await app.request('GET', `/api/v1/tickets/${response.body.ticketId}`, { token: tenant.dispatcher.token });
    expect(ticket.body).toMatchObject({ priority: 'P1', fields: { faultCode: 'ERR-001', employeeNo: 123 }, description: '3号线 MES-1 主轴过热报警' });
    const events = await app.request('GET', `/api/v1/tickets/${response.body.ticketId}/events`, { token: tenant.dispatcher.token });
    const connector = await app.request('GET', '/api/v1/connectors/mes', { token: tenant.admin.token });
    expect((events.body.items ?? events.body)[0]).toMatchObject({ type: 'created', actorId: connector.body.userId });
  });

  it('gives the same ticket for the same event as JSON and as XML, and never a second one', async () => {
    const first = await send(json('MES-2'));
    const again = await send(xml('MES-2'), { type: 'application/xml' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ticketId: first.body.ticketId, externalId: 'MES-2', created: false });
    const fromXml = await send(xml('MES-3'), { type: 'text/xml' });
    const [a, b] = await Promise.all([first.body.ticketId, fromXml.body.ticketId].map((id) => app.request('GET', `/api/v1/tickets/${id}`, { token: tenant.dispatcher.token })));
    for (const key of ['priority', 'fields', 'type'] as const) expect(b.body[key]).toEqual(a.body[key]);
  });

  it('keeps two records with the same text as two open tickets: a source\'s records are not duplicates of each other', async () => {
    const sameText = (id: string) => json(id, { fault: { code: 'E-7', text: '2号线贴片机吸嘴堵塞，抛料率高' } });
    const first = await send(sameText('MES-20'));
    const second = await send(sameText('MES-21'));
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.ticketId).not.toBe(first.body.ticketId);
    const ticket = await app.request('GET', `/api/v1/tickets/${second.body.ticketId}`, { token: tenant.dispatcher.token });
    expect(ticket.body).toMatchObject({ status: 'new', duplicateOf: null });
  });

  it('creates one ticket when the same event arrives twice at once', async () => {
    const answers = await Promise.all([send(json('MES-4')), send(json('MES-4')), send(json('MES-4'))]);
    expect(new Set(answers.map((answer) => answer.body.ticketId)).size).toBe(1);
    expect(answers.filter((answer) => answer.body.created)).toHaveLength(1);
  });

  it('shows the ticket\'s record in the source system with its last known state', async () => {
    const { body } = await send(json('MES-5'));
    await send(json('MES-5', { state: 'OA 审批通过' }));
    const links = await app.request('GET', `/api/v1/tickets/${body.ticketId}/external-links`, { token: tenant.dispatcher.token });
    expect(links.body).toEqual([{ system: 'mes', externalId: 'MES-5', state: 'OA 审批通过', stateAt: expect.any(String), note: null, callback: null }]);
    expect((await app.request('GET', `/api/v1/tickets/${body.ticketId}/external-links`, { token: other.dispatcher.token })).status).toBe(404);
  });

  it('acts on a later status: a cancelled source record cancels the ticket', async () => {
    const { body } = await send(json('MES-6'));
    const cancelled = await send(json('MES-6', { status_code: 9 }));
    expect(cancelled.status).toBe(200);
    const ticket = await app.request('GET', `/api/v1/tickets/${body.ticketId}`, { token: tenant.dispatcher.token });
    expect(ticket.body.status).toBe('cancelled');
  });

  it('answers a schema violation with a 422 naming the field and keeps it as a dead letter', async () => {
    const response = await send(JSON.stringify({ id: 'MES-7', level: 'high', fault: { text: 'x' } }));
    expect(response.status).toBe(422);
    expect(response.body.error.details).toMatchObject({ field: 'level', rule: 'type' });
    expect(response.body.error.message).toContain('level');
    const letters = await app.request('GET', '/api/v1/connectors/mes/dead-letters', { token: tenant.admin.token });
    expect(letters.body.items.some((letter: { body: string }) => letter.body.includes('MES-7'))).toBe(true);
  });

  it('replays a dead letter once the mapping is fixed, creating the ticket once', async () => {
    const event = JSON.stringify({ id: 'MES-8', reporter: 'X-99', fault: { text: '注塑机 MES-8 液压异常' } });
    const refused = await send(event);
    expect(refused.status).toBe(422);
    expect(refused.body.error.details).toMatchObject({ field: 'fields.employeeNo', rule: 6 });
    const letters = await app.request('GET', '/api/v1/connectors/mes/dead-letters?status=pending', { token: tenant.admin.token });
    const letter = letters.body.items.find((item: { body: string }) => item.body.includes('MES-8'));

    const stillBroken = await app.request('POST', `/api/v1/connectors/mes/dead-letters/${letter.id}/replay`, { token: tenant.admin.token });
    expect(stillBroken.status).toBe(422);
    const fixed = MAPPING.map((rule) => (rule.to === 'fields.employeeNo' ? { ...rule, transforms: [{ op: 'regex', pattern: '(\\d+)$' }, 'integer'] } : rule));
    expect((await app.request('PATCH', '/api/v1/connectors/mes', { token: tenant.admin.token, body: { mapping: fixed } })).status).toBe(200);
    const replayed = await app.request('POST', `/api/v1/connectors/mes/dead-letters/${letter.id}/replay`, { token: tenant.admin.token });
    expect(replayed.status).toBe(201);
    const twice = await app.request('POST', `/api/v1/connectors/mes/dead-letters/${letter.id}/replay`, { token: tenant.admin.token });
    expect(twice.status).toBe(409);
    const again = await send(event);
    expect(again.body).toMatchObject({ ticketId: replayed.body.ticketId, created: false });
    const ticket = await app.request('GET', `/api/v1/tickets/${replayed.body.ticketId}`, { token: tenant.dispatcher.token });
    expect(ticket.body.fields.employeeNo).toBe(99);
    await app.request('PATCH', '/api/v1/connectors/mes', { token: tenant.admin.token, body: { mapping: MAPPING } });
  });

  it('shows what an event would become in a dry run, writing nothing', async () => {
    const dry = await send(json('MES-9'), { query: '?dryRun=true' });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ format: 'json', wouldCreate: true, ticketId: null, mapped: { externalId: 'MES-9', fields: { faultCode: 'ERR-001' } } });
    const admin = await app.request('POST', '/api/v1/connectors/mes/dry-run', { token: tenant.admin.token, payload: xml('MES-9'), headers: { 'content-type': 'application/xml' } });
    expect(admin.body).toMatchObject({ format: 'xml', wouldCreate: true });
    expect((await send(json('MES-9'))).body.created).toBe(true);
  });

  it('refuses XML with a DOCTYPE or entities', async () => {
    const response = await send('<?xml version="1.0"?><!DOCTYPE e [<!ENTITY x SYSTEM "file:///etc/passwd">]><event><id>&x;</id></event>', { type: 'application/xml' });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain('DOCTYPE');
  });

  it('refuses an event over 256 KB with 413', async () => {
    expect((await send(json('MES-10', { pad: 'x'.repeat(300 * 1024) }))).status).toBe(413);
  });

  it('answers 401 to a missing, wrong or rotated token, and to another connector\'s key', async () => {
    expect((await send(json('MES-11'), { auth: '' })).status).toBe(401);
    expect((await send(json('MES-11'), { auth: 'ldc_wrong' })).status).toBe(401);
    expect((await send(json('MES-11'), { key: 'erp' })).status).toBe(401);
    const rotated = await app.request('POST', '/api/v1/connectors/mes/rotate-token', { token: tenant.admin.token });
    expect((await send(json('MES-11'))).status).toBe(401);
    token = rotated.body.token;
    expect((await send(json('MES-11'))).status).toBe(201);
  });

  it('keeps tenants apart: another tenant neither sees the connector nor reaches it with its own token', async () => {
    const theirs = await app.request('POST', '/api/v1/connectors', { token: other.admin.token, body: { key: 'mes', name: 'MES', mapping: MAPPING } });
    expect(theirs.status).toBe(201);
    const response = await send(json('MES-1'), { auth: theirs.body.token });
    expect(response.body.created).toBe(true);
    const mine = await app.request('GET', `/api/v1/tickets/${response.body.ticketId}`, { token: tenant.dispatcher.token });
    expect(mine.status).toBe(404);
    expect((await app.request('GET', '/api/v1/connectors', { token: other.admin.token })).body.items).toHaveLength(1);
    expect((await app.request('GET', '/api/v1/connectors/mes/dead-letters', { token: other.admin.token })).body.items).toHaveLength(0);
  });

  it('lets only admins manage connectors and checks the mapping when it is saved', async () => {
    expect((await app.request('GET', '/api/v1/connectors', { token: tenant.dispatcher.token })).status).toBe(403);
    const bad = await app.request('POST', '/api/v1/connectors', { token: tenant.admin.token, body: { key: 'erp', name: 'ERP', mapping: [{ to: 'externalId', from: 'id' }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('rule 1');
    expect((await app.request('POST', '/api/v1/connectors', { token: tenant.admin.token, body: { key: 'mes', name: 'MES', mapping: MAPPING } })).status).toBe(409);
  });
});
