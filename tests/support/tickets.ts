/** Puts tickets straight into any status, for tests that start mid-life. */
import { insertTicket } from '../../src/modules/tickets/store.ts';
import { newTicket, type TicketState } from '../../src/modules/tickets/model.ts';
import { uuidv7 } from '../../src/platform/ids.ts';
import type { TestApp } from './app.ts';

let sequence = 0;

export async function insertTicketIn(app: TestApp, tenantId: string, state: Partial<TicketState> & Pick<TicketState, 'status'>): Promise<TicketState> {
  const now = app.ctx.clock.now();
  const ticket = newTicket({
    id: uuidv7(), number: `WO-TEST-${String(++sequence).padStart(6, '0')}-${Math.random().toString(36).slice(2, 6)}`,
    type: 'repair', priority: 'P3', title: '测试工单', description: '测试工单：设备报警', createdAt: now, ...state,
  });
  await insertTicket(app.ctx.db, tenantId, ticket);
  return ticket;
}
