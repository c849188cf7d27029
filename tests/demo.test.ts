import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_TENANT, seedDemo } from '../src/modules/demo/index.ts';
import { createTicketHooks } from '../src/app/wiring.ts';
import { planDirectory } from '../src/modules/demo/fixtures.ts';
import { SeededRandom } from '../src/modules/demo/random.ts';
import { STATUSES } from '../src/modules/tickets/model.ts';
import { startTestApp, type TestApp } from './support/app.ts';

let app: TestApp;
let tenantId: string;
let logins: { email: string; roles: string[] }[];

// On PostgreSQL the test database is shared and the slug is global: the demo may exist already,
// from an earlier run; every count below is of the demo tenant's own rows.
beforeAll(async () => {
  app = await startTestApp();
  ({ logins } = await seedDemo(app.ctx, createTicketHooks(app.ctx, { secret: app.config.secret, publicUrl: app.config.publicUrl }, app.services.blobs)));
  tenantId = (await app.ctx.db.selectFrom('tenants').select('id').where('slug', '=', DEMO_TENANT).executeTakeFirstOrThrow()).id;
}, 240_000);
afterAll(() => app?.close());

async function counts() {
  const db = app.ctx.db;
  const count = async (table: 'users' | 'customers' | 'devices' | 'tickets' | 'ticket_events' | 'org_units' | 'user_skills') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow()).n);
  return {
    users: await count('users'), skills: await count('user_skills'), orgUnits: await count('org_units'), customers: await count('customers'),
    devices: await count('devices'), tickets: await count('tickets'), events: await count('ticket_events'),
  };
}

describe('the demo tenant', () => {
  it('is a company of three regions and eight service points in real cities', async () => {
    const units = await app.ctx.db.selectFrom('org_units').select(['kind', 'name', 'lat', 'lng', 'manager_id'])
      .where('tenant_id', '=', tenantId).execute();
    expect(units.filter((unit) => unit.kind === 'region')).toHaveLength(3);
    const points = units.filter((unit) => unit.kind === 'service_point');
    expect(points.map((point) => point.name).sort()).toEqual(
      ['上海服务站', '东莞服务站', '北京服务站', '天津服务站', '广州服务站', '杭州服务站', '深圳服务站', '苏州服务站'].sort());
    const beijing = points.find((point) => point.name === '北京服务站')!;
    expect(beijing.lat).toBeCloseTo(39.9, 1);
    expect(beijing.lng).toBeCloseTo(116.4, 1);
    expect(units.filter((unit) => unit.kind !== 'company').every((unit) => unit.manager_id)).toBe(true);
  });

  it('has at least 40 engineers with skills, certificates, availability and a place', async () => {
    const engineers = await app.ctx.db.selectFrom('users as u')
      .select(['u.id', 'u.email', 'u.name', 'u.phone', 'u.availability', 'u.leave_delegate_id', 'u.leave_until', 'u.lat', 'u.org_unit_id', 'u.password_hash'])
      .where('u.tenant_id', '=', tenantId).where(sql<boolean>`'engineer' = ANY(u.roles)`).execute();
    const skills = await app.ctx.db.selectFrom('user_skills').select(['user_id', 'skill_key', 'level', 'certificate_no', 'expires_at'])
      .where('tenant_id', '=', tenantId).execute();
    expect(engineers.length).toBeGreaterThanOrEqual(40);
    for (const engineer of engineers) {
      expect(skills.some((skill) => skill.user_id === engineer.id && skill.skill_key !== 'electrical_hv'), engineer.email).toBe(true);
      expect(engineer.phone).toMatch(/^1\d{10}$/);
      expect(engineer.lat).not.toBeNull();
      expect(engineer.org_unit_id).not.toBeNull();
      expect(engineer.password_hash).toMatch(/^scrypt\$/);
    }
    expect(new Set(engineers.map((engineer) => engineer.password_hash)).size).toBe(engineers.length); // a salt each
    expect(engineers.map((engineer) => engineer.email)).toContain('engineer40@demo.loopdesk');
    const certificates = skills.filter((skill) => skill.skill_key === 'electrical_hv');
    expect(certificates.every((skill) => skill.certificate_no && skill.expires_at)).toBe(true);
    const now = Date.now();
    expect(certificates.some((skill) => skill.expires_at!.getTime() < now)).toBe(true);
    expect(certificates.some((skill) => skill.expires_at!.getTime() > now)).toBe(true);
    const onLeave = engineers.filter((engineer) => engineer.availability === 'on_leave');
    expect(onLeave.length).toBeGreaterThanOrEqual(1);
    expect(onLeave.every((engineer) => engineer.leave_delegate_id && engineer.leave_until!.getTime() > now)).toBe(true);
    expect(engineers.filter((engineer) => engineer.availability === 'online').length).toBeGreaterThan(engineers.length / 2);
  });

  it('has 30 customers and 200 machines with serials, sites, places and QR codes', async () => {
    const customers = await app.ctx.db.selectFrom('customers').select(['tier', 'org_unit_id', 'address'])
      .where('tenant_id', '=', tenantId).execute();
    expect(customers).toHaveLength(30);
    expect(new Set(customers.map((customer) => customer.tier))).toEqual(new Set(['platinum', 'gold', 'silver', 'standard']));
    expect(customers.every((customer) => customer.org_unit_id && customer.address)).toBe(true);
    const devices = await app.ctx.db.selectFrom('devices').select(['serial', 'qr_code', 'customer_id', 'site', 'lat', 'installed_at'])
      .where('tenant_id', '=', tenantId).execute();
    expect(devices).toHaveLength(200);
    for (const device of devices) {
      expect(device.serial).toMatch(/^HG-[A-Z0-9-]+-\d{4}-\d{4}$/);
      expect(device.qr_code).toMatch(/^LD-[0-9A-HJKMNP-TV-Z]{10}$/);
      expect(device.customer_id && device.site && device.lat && device.installed_at).toBeTruthy();
    }
  });

  it('has 300+ tickets of every status and type, spread over the last two months', async () => {
    const tickets = await app.ctx.db.selectFrom('tickets').select(['status', 'type', 'created_at', 'duplicate_of_id', 'number'])
      .where('tenant_id', '=', tenantId).execute();
    expect(tickets.length).toBeGreaterThanOrEqual(300);
    expect(new Set(tickets.map((ticket) => ticket.status))).toEqual(new Set(STATUSES));
    expect(new Set(tickets.map((ticket) => ticket.type))).toEqual(
      new Set(['repair', 'maintenance', 'emergency', 'it_incident', 'complaint', 'consultation', 'parts_request']));
    expect(tickets.filter((ticket) => ticket.duplicate_of_id).length).toBeGreaterThanOrEqual(5);
    const ages = tickets.map((ticket) => (Date.now() - ticket.created_at.getTime()) / 86_400_000);
    expect(Math.max(...ages)).toBeGreaterThan(45);
    expect(Math.max(...ages)).toBeLessThan(62);
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(0);
    // The number carries the (Shanghai) day the ticket was reported.
    expect(new Set(tickets.map((ticket) => ticket.number.slice(3, 11))).size).toBeGreaterThan(40);
  });

  it('gives every ticket a history that starts with created and ends in its status', async () => {
    const tickets = await app.ctx.db.selectFrom('tickets').select(['id', 'status', 'created_at']).where('tenant_id', '=', tenantId).execute();
    const events = await app.ctx.db.selectFrom('ticket_events').select(['ticket_id', 'type', 'at', 'data'])
      .where('tenant_id', '=', tenantId).orderBy('id').execute();
    const byTicket = new Map<string, typeof events>();
    for (const event of events) byTicket.set(event.ticket_id, [...(byTicket.get(event.ticket_id) ?? []), event]);
    const kinds = new Set(events.map((event) => event.type));
    for (const type of ['dispatched', 'declined', 'accepted', 'started', 'held', 'resumed', 'resolved', 'verified', 'closed', 'reopened', 'cancelled', 'commented', 'duplicate_detected']) {
      expect(kinds, type).toContain(type);
    }
    for (const ticket of tickets) {
      const history = byTicket.get(ticket.id) ?? [];
      expect(history[0]?.type, ticket.id).toBe('created');
      expect(history[0].at.getTime()).toBe(ticket.created_at.getTime());
      let status = (history[0].data as { after: { status: string } }).after.status;
      for (const event of history.slice(1)) {
        const to = (event.data as { to?: string }).to;
        if (to) status = to;
      }
      expect(status, ticket.id).toBe(ticket.status);
      const times = history.map((event) => event.at.getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(times[times.length - 1]).toBeLessThanOrEqual(Date.now());
    }
  });

  it('asks emergencies for photo and log evidence and an expert\'s review, and closes the loop on its history', async () => {
    const rules = await app.ctx.db.selectFrom('closure_rules').select(['ticket_type', 'review_required', 'items']).where('tenant_id', '=', tenantId).execute();
    expect(rules).toEqual([expect.objectContaining({ ticket_type: 'emergency', review_required: true })]);
    expect((rules[0].items as { evidence: string }[]).map((item) => item.evidence)).toEqual(['photo', 'photo', 'log']);
    // Resolved tickets of the history wait for their customers with a link; closed ones wait for their survey.
    const links = await app.ctx.db.selectFrom('verification_links').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
    expect(Number(links.n)).toBeGreaterThan(0);
    const surveys = await sql<{ n: number }>`SELECT count(*)::int AS n FROM due_work WHERE tenant_id = ${tenantId} AND kind = 'closure.survey'`.execute(app.ctx.db);
    expect(surveys.rows[0].n).toBeGreaterThan(0);
    // The expert kept the history's verified solutions as knowledge articles, each from its own ticket.
    const articles = await app.ctx.db.selectFrom('knowledge_articles').select(['source_ticket_id', 'status']).where('tenant_id', '=', tenantId).execute();
    expect(articles.length).toBe(20);
    expect(new Set(articles.map((article) => article.source_ticket_id)).size).toBe(20);
  });

  it('lets engineer1 log in with the demo password', async () => {
    const login = await app.request('POST', '/api/v1/auth/login', {
      body: { tenant: DEMO_TENANT, email: 'engineer1@demo.loopdesk', password: DEMO_PASSWORD },
    });
    expect(login.status).toBe(200);
    expect(login.body.user.roles).toEqual(['engineer']);
    const me = await app.request('GET', '/api/v1/me', { token: login.body.token });
    expect(me.body.email).toBe('engineer1@demo.loopdesk');
    expect(logins.map((entry) => entry.email)).toEqual(expect.arrayContaining([
      'admin@demo.loopdesk', 'dispatcher@demo.loopdesk', 'expert@demo.loopdesk', 'manager@demo.loopdesk', 'finance@demo.loopdesk',
      'requester@demo.loopdesk', 'engineer1@demo.loopdesk',
    ]));
  });

  it('changes nothing when seeded again', async () => {
    const before = await counts();
    const again = await seedDemo(app.ctx, createTicketHooks(app.ctx, { secret: app.config.secret, publicUrl: app.config.publicUrl }, app.services.blobs));
    expect(await counts()).toEqual(before);
    expect(again.logins).toEqual(logins);
  });

  it('plans the same company from the same seed', () => {
    const now = new Date('2026-11-24T02:00:00Z');
    const first = planDirectory(new SeededRandom(7), now);
    const second = planDirectory(new SeededRandom(7), now);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    expect(JSON.stringify(planDirectory(new SeededRandom(8), now))).not.toBe(JSON.stringify(first));
  });
});
