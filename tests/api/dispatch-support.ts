/** Shared by the dispatch API tests: places, people with skills, types with dispatch settings, the inbox. */
import { sql } from 'kysely';
import { expect } from 'vitest';
import type { Skill } from '../../src/modules/directory/index.ts';
import { createRunner, type Runner } from '../../src/platform/runner/index.ts';
import type { TestApp } from '../support/app.ts';
import { addUser, type TestTenant, type TestUser } from '../support/factories.ts';

/** The ticket is in central Shanghai (人民广场). */
export const SHANGHAI = { lat: 31.2304, lng: 121.4737 };
/** About 5 km west, 20 km west, and 84 km away in Suzhou. */
export const NEAR = { lat: 31.2304, lng: 121.4211 };
export const MIDDLE = { lat: 31.2304, lng: 121.2635 };
export const SUZHOU = { lat: 31.299, lng: 120.5853 };

export const hydraulics = (level: number): Skill => ({ key: 'hydraulics', level, expiresAt: null });
export const hvCertificate = (expiresAt: string): Skill => ({ key: 'electrical_hv', level: 3, certificateNo: 'TSH-HV-2025-0042', expiresAt });

let typeCounter = 0;

/**
 * These tests report the same fault over and over; intake would take the repeats for
 * duplicates of the first and cancel them. Set before the tenant's first report (intake
 * caches tenant settings for a few seconds).
 */
export async function withoutDuplicateGuard(app: TestApp, t: TestTenant): Promise<void> {
  await sql`UPDATE tenants SET settings = settings || '{"duplicateWindowSeconds": 0}'::jsonb WHERE id = ${t.tenant.id}`.execute(app.ctx.db);
}

/** A new ticket type of the tenant with the given dispatch settings; its key. */
export async function typeWithDispatch(app: TestApp, t: TestTenant, dispatch: Record<string, unknown>): Promise<string> {
  const key = `dispatch_${(typeCounter++).toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  const created = await app.request('POST', '/api/v1/ticket-types', { token: t.admin.token, body: { key, nameZh: '液压设备维修', nameEn: 'Hydraulics repair' } });
  expect(created.status).toBe(201);
  const set = await app.request('PUT', `/api/v1/ticket-types/${key}/dispatch`, { token: t.admin.token, body: dispatch });
  expect(set.status, JSON.stringify(set.body)).toBe(200);
  return key;
}

export async function engineer(app: TestApp, t: TestTenant, name: string, options: {
  skills?: Skill[]; location?: { lat: number; lng: number }; availability?: 'online' | 'busy' | 'offline' | 'on_leave'; orgUnitId?: string;
} = {}): Promise<TestUser & { name: string }> {
  const user = await addUser(app, t.tenant.id, {
    roles: ['engineer'], name, skills: options.skills ?? [hydraulics(3)], location: options.location,
    availability: options.availability ?? 'online', orgUnitId: options.orgUnitId ?? t.companyId,
  });
  return { ...user, name };
}

export async function report(app: TestApp, t: TestTenant, type: string, extra: Record<string, unknown> = {}) {
  const response = await app.request('POST', '/api/v1/tickets', {
    token: t.requester.token, body: { description: `液压机保压失效，油温过高 ${Math.random().toString(36).slice(2, 8)}`, type, location: SHANGHAI, ...extra },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string; number: string; status: string };
}

export const act = (app: TestApp, token: string, id: string, action: string, body: object = {}) =>
  app.request('POST', `/api/v1/tickets/${id}/actions/${action}`, { token, body });

export const ticketOf = async (app: TestApp, t: TestTenant, id: string) =>
  (await app.request('GET', `/api/v1/tickets/${id}`, { token: t.admin.token })).body;

export const eventsOf = async (app: TestApp, t: TestTenant, id: string): Promise<{ type: string; actorId: string | null; data: Record<string, any> }[]> =>
  (await app.request('GET', `/api/v1/tickets/${id}/events`, { token: t.admin.token })).body.items;

export interface Notice {
  userId: string;
  template: string;
  urgent: boolean;
  data: Record<string, any>;
  body: string;
}

/** The in-app notifications about a ticket, oldest first. */
export async function noticesOf(app: TestApp, t: TestTenant, ticketId: string): Promise<Notice[]> {
  const result = await sql<Notice>`
    SELECT user_id AS "userId", template, urgent, data, body FROM notifications
    WHERE tenant_id = ${t.tenant.id} AND ticket_id = ${ticketId} ORDER BY id`.execute(app.ctx.db);
  return result.rows;
}

/** A runner with the app's own job handlers, as `loopdesk runner` has. */
export const runnerOf = (app: TestApp, workerId = 'dispatch-test'): Runner =>
  createRunner({ ctx: app.ctx, handlers: app.services.domain.handlers, workerId, pollIntervalMs: 20 });
