/**
 * Every (status, action, role) combination through the HTTP API, against an expectation table
 * written here independently of the implementation's rule table.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createTenant, type TestTenant } from '../support/factories.ts';
import { insertTicketIn } from '../support/tickets.ts';
import type { Status } from '../../src/modules/tickets/model.ts';

type Who = 'admin' | 'dispatcher' | 'manager' | 'expert' | 'finance' | 'engineer' | 'engineer2' | 'requester' | 'requester2';
const EVERYONE: Who[] = ['admin', 'dispatcher', 'manager', 'expert', 'finance', 'engineer', 'engineer2', 'requester', 'requester2'];
const STATUSES: Status[] = ['new', 'dispatched', 'accepted', 'in_progress', 'on_hold', 'resolved', 'closed', 'cancelled'];
const ROLE_OF: Record<Who, string> = {
  admin: 'admin', dispatcher: 'dispatcher', manager: 'manager', expert: 'expert', finance: 'finance',
  engineer: 'engineer', engineer2: 'engineer', requester: 'requester', requester2: 'requester',
};

/** For each action: roles that may ever take it, the statuses it leaves, and who succeeds there. */
const EXPECTED: Record<string, { roles: string[]; from: Status[]; succeeds: Who[]; body: object }> = {
  dispatch: { roles: ['admin', 'dispatcher', 'manager'], from: ['new', 'dispatched'], succeeds: ['admin', 'dispatcher', 'manager'], body: {} },
  accept: { roles: ['engineer', 'expert'], from: ['dispatched'], succeeds: ['engineer'], body: {} },
  decline: { roles: ['engineer', 'expert'], from: ['dispatched'], succeeds: ['engineer'], body: { reason: '不在附近' } },
  start: { roles: ['engineer', 'expert'], from: ['accepted'], succeeds: ['engineer'], body: {} },
  hold: { roles: ['admin', 'dispatcher', 'manager', 'engineer', 'expert'], from: ['accepted', 'in_progress'], succeeds: ['admin', 'dispatcher', 'manager', 'engineer'], body: { reason: '等备件' } },
  resume: { roles: ['admin', 'dispatcher', 'manager', 'engineer', 'expert'], from: ['on_hold'], succeeds: ['admin', 'dispatcher', 'manager', 'engineer'], body: {} },
  resolve: { roles: ['engineer', 'expert'], from: ['accepted', 'in_progress'], succeeds: ['engineer'], body: { solution: '更换轴承' } },
  verify: { roles: ['admin', 'dispatcher', 'manager', 'requester'], from: ['resolved'], succeeds: ['admin', 'dispatcher', 'manager', 'requester'], body: { result: 'satisfied' } },
  close: { roles: ['admin', 'dispatcher', 'manager'], from: ['resolved'], succeeds: ['admin', 'dispatcher', 'manager'], body: {} },
  reopen: { roles: ['admin', 'dispatcher', 'manager', 'requester'], from: ['resolved', 'closed', 'cancelled'], succeeds: ['admin', 'dispatcher', 'manager', 'requester'], body: { reason: '问题复现' } },
  cancel: { roles: ['admin', 'dispatcher', 'manager', 'requester'], from: ['new', 'dispatched', 'accepted', 'in_progress', 'on_hold'], succeeds: ['admin', 'dispatcher', 'manager', 'requester'], body: { reason: '重复报修' } },
  comment: { roles: ['admin', 'dispatcher', 'manager', 'expert', 'finance', 'engineer', 'requester'], from: STATUSES, succeeds: EVERYONE, body: { body: '已电话联系客户' } },
};

function expectedStatus(action: string, status: Status, who: Who): number {
  // Another engineer or requester cannot see the ticket at all; nor can the engineer before it is dispatched.
  if (who === 'engineer2' || who === 'requester2' || (who === 'engineer' && status === 'new')) return 404;
  const rule = EXPECTED[action];
  if (!rule.roles.includes(ROLE_OF[who])) return 403;
  if (!rule.from.includes(status)) return 409;
  if (action === 'reopen' && status === 'cancelled' && who === 'requester') return 403; // only dispatchers undo a cancel
  return rule.succeeds.includes(who) ? 200 : 403;
}

let app: TestApp;
let t: TestTenant;
beforeAll(async () => {
  app = await startTestApp();
  t = await createTenant(app);
});
afterAll(() => app.close());

describe('the lifecycle guard over every status, action and role', () => {
  it.each(Object.keys(EXPECTED))('%s answers the right status code for every status and role', async (action) => {
    const failures: string[] = [];
    for (const status of STATUSES) {
      for (const who of EVERYONE) {
        const ticket = await insertTicketIn(app, t.tenant.id, {
          status, requesterId: t.requester.id, assigneeId: status === 'new' ? null : t.engineer.id,
          heldFrom: status === 'on_hold' ? 'in_progress' : null,
        });
        const body = action === 'dispatch' ? { assigneeId: t.engineer.id } : EXPECTED[action].body;
        const response = await app.request('POST', `/api/v1/tickets/${ticket.id}/actions/${action}`, { token: t[who].token, body });
        const expected = expectedStatus(action, status, who);
        if (response.status !== expected) failures.push(`${status} × ${who}: got ${response.status} ${JSON.stringify(response.body?.error?.code)}, expected ${expected}`);
        if (response.status >= 400 && !response.body?.error?.code) failures.push(`${status} × ${who}: error without a code`);
        if (response.status !== 200 && response.status !== expected) continue;
        if (response.status !== 200) {
          const after = await app.request('GET', `/api/v1/tickets/${ticket.id}`, { token: t.admin.token });
          if (after.body.status !== status || after.body.version !== 1) failures.push(`${status} × ${who}: a refused ${action} changed the ticket`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
