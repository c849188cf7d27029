/** Helpers shared by the SLA test files: a clean policy slate, timers, events and notifications. */
import { sql } from 'kysely';
import type { TestApp } from '../support/app.ts';
import type { TestTenant } from '../support/factories.ts';

export const CALENDARS = '/api/v1/admin/sla/calendars';
export const POLICIES = '/api/v1/admin/sla/policies';

/**
 * Deactivates whatever policies the tenant started with (a provisioned tenant may get the
 * defaults), so a test's own policies are the only ones that match.
 */
export async function clearPolicies(app: TestApp, t: TestTenant): Promise<void> {
  const { body } = await app.request('GET', POLICIES, { token: t.admin.token });
  for (const policy of body.items as { id: string; active: boolean }[]) {
    if (policy.active) await app.request('PATCH', `${POLICIES}/${policy.id}`, { token: t.admin.token, body: { active: false } });
  }
}

export async function createPolicy(app: TestApp, t: TestTenant, body: Record<string, unknown>): Promise<{ id: string; version: number }> {
  const response = await app.request('POST', POLICIES, { token: t.admin.token, body: { position: 1, ...body } });
  if (response.status !== 201) throw new Error(`policy not created: ${JSON.stringify(response.body)}`);
  return response.body;
}

/** A ticket's waiting SLA timers: kind, what it is for (the dedupe key without the ticket id) and when. */
export async function pendingTimers(app: TestApp, tenantId: string, ticketId: string) {
  const rows = await sql<{ kind: string; dedupe_key: string; run_at: Date }>`
    SELECT kind, dedupe_key, run_at FROM due_work
    WHERE tenant_id = ${tenantId} AND kind IN ('sla.breach', 'sla.escalate') AND status = 'pending'
      AND dedupe_key LIKE ${`${ticketId}:%`}
    ORDER BY run_at, dedupe_key`.execute(app.ctx.db);
  return rows.rows.map((row) => ({ kind: row.kind, key: row.dedupe_key.slice(ticketId.length + 1), runAt: row.run_at.toISOString() }));
}

export async function eventsOf(app: TestApp, t: TestTenant, ticketId: string): Promise<{ type: string; at: string; data: any }[]> {
  return (await app.request('GET', `/api/v1/tickets/${ticketId}/events`, { token: t.admin.token })).body.items;
}

/** The SLA's notifications about a ticket (other modules' notifications left out), oldest first. */
export async function notificationsOf(app: TestApp, tenantId: string, ticketId: string) {
  const rows = await sql<{ user_id: string; template: string; title: string; urgent: boolean }>`
    SELECT user_id, template, title, urgent FROM notifications
    WHERE tenant_id = ${tenantId} AND ticket_id = ${ticketId} AND template LIKE 'sla.%' ORDER BY id`.execute(app.ctx.db);
  return rows.rows.map((row) => ({ userId: row.user_id, template: row.template, title: row.title, urgent: row.urgent }));
}

/** Seconds after `from` as an ISO instant. */
export const plus = (from: Date | string, seconds: number) => new Date(new Date(from).getTime() + seconds * 1000).toISOString();
