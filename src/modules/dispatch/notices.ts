/**
 * Who dispatch tells what, in the transaction of the change: the engineers a ticket is given,
 * offered or taken back from, and the area's dispatchers when it moves on or fails. notify()
 * writes the inbox rows and schedules the deliveries, so nothing leaves before the commit.
 */
import type { Db } from '../../platform/context.ts';
import { notify, type TemplateKey } from '../notify/index.ts';
import type { TicketState } from '../tickets/index.ts';
import { orgTree, areaDispatchers } from './org.ts';
import * as store from './store.ts';

/** The template variables every dispatch notice carries. */
const aboutTicket = (ticket: TicketState) => ({ number: ticket.number, title: ticket.title, priority: ticket.priority });

export async function tell(db: Db, tenantId: string, ticket: TicketState, template: TemplateKey, userIds: readonly string[],
  now: Date, data: Record<string, unknown> = {}, urgent = false): Promise<void> {
  if (!userIds.length) return;
  await notify(db, { tenantId, template, userIds, ticketId: ticket.id, data: { ...aboutTicket(ticket), ...data }, urgent, now });
}

/** The area's dispatchers (see areaDispatchers), found from the ticket's customer. */
export async function dispatchersFor(db: Db, tenantId: string, ticket: TicketState): Promise<string[]> {
  const dispatchers = await store.loadDispatchers(db, tenantId);
  if (!dispatchers.length) return [];
  const { customerUnitId } = await store.loadTicketPlace(db, tenantId, { customerId: ticket.customerId, deviceId: null });
  const tree = orgTree(customerUnitId ? await store.loadOrgUnits(db, tenantId) : []);
  return areaDispatchers(tree, dispatchers, customerUnitId);
}

export async function tellDispatchers(db: Db, tenantId: string, ticket: TicketState, template: TemplateKey, now: Date,
  data: Record<string, unknown>, urgent = false): Promise<void> {
  await tell(db, tenantId, ticket, template, await dispatchersFor(db, tenantId, ticket), now, data, urgent);
}

/** "张三、李四": who did not accept, for a dispatcher's notice. */
export async function namesOf(db: Db, tenantId: string, userIds: readonly string[]): Promise<string> {
  const names = await store.loadNames(db, tenantId, userIds);
  return userIds.map((id) => names.get(id) ?? id).join('、');
}
