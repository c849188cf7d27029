/**
 * The ceiling for intake: the rows one ticket creation writes (the day's counter, the ticket,
 * its `created` event), written with `pg` directly, with none of the HTTP, validation, auth or
 * duplicate look-up around them. The statements are the SQL that Kysely sends for
 * tickets/store.ts (nextTicketNumber, insertTicket, appendEvents), so the API and the ceiling
 * write the same rows and bytes.
 */
import pg from 'pg';
import { DEFAULT_TICKET_TYPE } from '../../src/modules/tickets/builtin-types.ts';
import { deriveTitle, deviceTokens } from '../../src/modules/tickets/intake.ts';
import { toTicketView, type TicketState } from '../../src/modules/tickets/index.ts';
import { OPEN_STATUSES, newTicket } from '../../src/modules/tickets/model.ts';
import { localDay } from '../../src/modules/tickets/service.ts';
import { uuidv7 } from '../../src/platform/ids.ts';
import type { Outcome } from './load.ts';

/**
 * How the statements are grouped:
 * - `one-transaction`: counter, ticket and event commit together (one commit per ticket, but
 *   the counter row stays locked until that commit);
 * - `api-shape`: as createTicket does it, the counter as its own statement, then the ticket
 *   and event in a transaction;
 * - `api-statements` (diagnostic): every statement the API sends for a ticket, reads included
 *   (token, ticket type, device codes, duplicate candidates): what the SQL alone costs.
 */
export const RAW_SHAPES = ['one-transaction', 'api-shape', 'api-statements'] as const;
export type RawShape = (typeof RAW_SHAPES)[number];

const NEXT_NUMBER = `insert into "ticket_counters" ("tenant_id", "day", "last") values ($1, $2, $3)
  on conflict ("tenant_id", "day") do update set "last" = ticket_counters.last + 1 returning "last"`;
const INSERT_TICKET = `insert into "tickets" ("tenant_id", "id", "number", "type", "status", "priority", "title",
  "description", "channel", "requester_id", "assignee_id", "customer_id", "device_id", "location", "fields",
  "duplicate_of_id", "hold_reason", "held_from", "solution", "verification", "response_due_at", "resolve_due_at",
  "first_responded_at", "resolved_at", "closed_at", "created_at", "updated_at", "version")
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28)`;
const INSERT_EVENT = `insert into "ticket_events" ("tenant_id", "id", "ticket_id", "type", "actor_id", "at", "data")
  values ($1, $2, $3, $4, $5, $6, $7)`;

// The reads of createTicket, as auth/store.ts, tickets/store.ts and directory/devices-store.ts build them.
const FIND_TOKEN = `select "t"."id" as "tokenId", "t"."tenant_id" as "tenantId", "n"."slug" as "tenantSlug", "u"."id" as "userId",
  "u"."name", "u"."email", "u"."roles", "t"."last_used_at" as "lastUsedAt" from "auth_tokens" as "t"
  inner join "users" as "u" on "u"."tenant_id" = "t"."tenant_id" and "u"."id" = "t"."user_id"
  inner join "tenants" as "n" on "n"."id" = "t"."tenant_id"
  where "t"."token_hash" = $1 and "t"."revoked_at" is null and ("t"."expires_at" is null or "t"."expires_at" > $2) and "u"."active" = $3`;
const GET_TYPE = `select "key", "name_zh" as "nameZh", "name_en" as "nameEn", "default_priority" as "defaultPriority",
  "form_schema" as "formSchema", "active", "builtin", "position", "version" from "ticket_types" where "tenant_id" = $1 and "key" = $2`;
const findDevice = (codes: number) => {
  const list = (from: number) => Array.from({ length: codes }, (_, index) => `$${from + index}`).join(', ');
  return `select "id", "serial", "model", "customer_id", "site", "address", "lat", "lng", "installed_at", "qr_code",
    "created_at", "updated_at" from "devices" where "tenant_id" = $1 and ("serial" in (${list(2)}) or "qr_code" in (${list(2 + codes)}))
    order by "id" limit $${2 + 2 * codes}`;
};
const DUPLICATE_CANDIDATES = `select "id", "number", "title", "status", "description" from "tickets"
  where "tenant_id" = $1 and "status" in ($2, $3, $4, $5, $6) and "duplicate_of_id" is null and "created_at" >= $7
  and "requester_id" = $8 order by "id" desc limit $9`;

export interface RawIntake {
  /** PostgreSQL's version, for the record. */
  serverVersion: string;
  write(description: string, shape: RawShape): Promise<Outcome>;
  close(): Promise<void>;
}

/**
 * A writer for one tenant of the server, acting as one of its users. `tokenHash` is the sha256
 * of that user's session token, which the `api-statements` shape looks up as the API does.
 */
export async function openRawIntake(options: {
  databaseUrl: string; tenantSlug: string; userEmail: string; tokenHash: string; poolSize: number;
}): Promise<RawIntake> {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize });
  pool.on('error', () => undefined);
  const one = async <T extends pg.QueryResultRow>(text: string, values: unknown[]) => {
    const { rows } = await pool.query<T>(text, values);
    if (!rows.length) throw new Error(`Nothing found for ${values.join(', ')}.`);
    return rows[0];
  };
  const tenant = await one<{ id: string; timezone: string }>('select id, timezone from tenants where slug = $1', [options.tenantSlug]);
  const user = await one<{ id: string }>('select id from users where tenant_id = $1 and lower(email) = lower($2)', [tenant.id, options.userEmail]);
  const type = await one<{ default_priority: TicketState['priority'] }>(
    'select default_priority from ticket_types where tenant_id = $1 and key = $2', [tenant.id, DEFAULT_TICKET_TYPE]);
  const { server_version: serverVersion } = await one<{ server_version: string }>('show server_version', []);

  async function write(description: string, shape: RawShape): Promise<Outcome> {
    const now = new Date();
    const client = await pool.connect();
    let open = false;
    try {
      if (shape === 'api-statements') {
        await client.query(FIND_TOKEN, [options.tokenHash, now, true]);
        await client.query(GET_TYPE, [tenant.id, DEFAULT_TICKET_TYPE]);
        const codes = deviceTokens(description);
        if (codes.length) await client.query(findDevice(codes.length), [tenant.id, ...codes, ...codes, 1]);
      }
      if (shape === 'one-transaction') {
        await client.query('begin');
        open = true;
      }
      const day = localDay(now, tenant.timezone);
      const { rows } = await client.query<{ last: number }>(NEXT_NUMBER, [tenant.id, day, 1]);
      if (!open) {
        await client.query('begin');
        open = true;
      }
      if (shape === 'api-statements') {
        const since = new Date(now.getTime() - 24 * 3600 * 1000);
        await client.query(DUPLICATE_CANDIDATES, [tenant.id, ...OPEN_STATUSES, since, user.id, 20]);
      }
      const ticket = newTicket({
        id: uuidv7(now.getTime()), number: `WO-${day}-${String(rows[0].last).padStart(4, '0')}`, type: DEFAULT_TICKET_TYPE,
        priority: type.default_priority, title: deriveTitle(description), description, requesterId: user.id, createdAt: now,
      });
      await client.query(INSERT_TICKET, [tenant.id, ticket.id, ticket.number, ticket.type, ticket.status, ticket.priority,
        ticket.title, ticket.description, ticket.channel, user.id, null, null, null, null, JSON.stringify(ticket.fields),
        null, null, null, null, null, null, null, null, null, null, now, now, 1]);
      await client.query(INSERT_EVENT, [tenant.id, uuidv7(now.getTime()), ticket.id, 'created', user.id, now,
        JSON.stringify({ after: toTicketView(ticket) })]);
      await client.query('commit');
      open = false;
      return { ok: true };
    } catch (error) {
      if (open) await client.query('rollback').catch(() => undefined);
      return { ok: false, error: `pg: ${(error as Error).message}` };
    } finally {
      client.release();
    }
  }

  return { serverVersion, write, close: () => pool.end() };
}
