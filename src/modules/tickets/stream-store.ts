/**
 * SQL of the live ticket stream: the events appended after an id, each with what its ticket is
 * now. Every change to a ticket appends to ticket_events (people, the runner, other modules), so
 * these rows are the tenant's changes whichever process made them.
 */
import { sql } from 'kysely';
import type { Db } from '../../platform/context.ts';

export interface TicketChangeRow {
  /** The event's id (UUIDv7): the stream's event id, and where a reconnect resumes. */
  id: string;
  tenantId: string;
  type: string;
  at: Date;
  actorId: string | null;
  /** An internal comment, which requesters must not hear of. */
  internal: boolean;
  ticketId: string;
  number: string;
  status: string;
  priority: string;
  ticketType: string;
  assigneeId: string | null;
  requesterId: string | null;
  offeredTo: string[];
  version: number;
}

function changesAfter(db: Db, tenantIds: readonly string[], after: string, limit: number) {
  return db.selectFrom('ticket_events as e')
    .innerJoin('tickets as t', (join) => join.onRef('t.tenant_id', '=', 'e.tenant_id').onRef('t.id', '=', 'e.ticket_id'))
    .select([
      'e.id', 'e.tenant_id as tenantId', 'e.type', 'e.at', 'e.actor_id as actorId',
      sql<boolean>`(e.type = 'commented' AND e.data->>'internal' = 'true')`.as('internal'),
      'e.ticket_id as ticketId', 't.number', 't.status', 't.priority', 't.type as ticketType',
      't.assignee_id as assigneeId', 't.requester_id as requesterId', 't.offered_to as offeredTo', 't.version',
    ])
    // The primary key (tenant_id, id) serves this: the cost is what is new, not what exists.
    .where('e.tenant_id', 'in', tenantIds).where('e.id', '>', after)
    .orderBy('e.id').limit(limit);
}

/** The changes of the listening tenants after an event id, oldest first. */
export async function listTicketChanges(db: Db, tenantIds: readonly string[], after: string, limit: number): Promise<TicketChangeRow[]> {
  if (!tenantIds.length) return [];
  return changesAfter(db, tenantIds, after, limit).execute();
}
