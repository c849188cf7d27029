/**
 * Spreadsheet rows to tickets: the connectors' mapping language applied to each row, then the
 * checks a ticket would fail at creation (type, custom fields, customer, device), done for the
 * whole file at once so a dry run lists every bad row without writing anything.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import type { Transaction } from 'kysely';
import type { BlobStore } from '../../platform/blobs.ts';
import type { Ctx, Db } from '../../platform/context.ts';
import type { DB } from '../../platform/db/tables.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { customerExists, findDeviceByCodes, getDevice } from '../directory/index.ts';
import { cachedTicketType, createTicketService, createTicketSystem, type Priority, type TicketHooks } from '../tickets/index.ts';
import type { RowProblem } from './import-tables.ts';
import { ROW_NUMBER_KEY, type SheetRow } from './import-files.ts';
import { columnOf } from './import-mapping.ts';
import { applyMapping, compileMapping, MappingError, type CompiledMapping, type MappingRule } from './mapping.ts';

/** What one row becomes: the input of a ticket's creation, plus what to do after it. */
export interface TicketRecord {
  externalId: string;
  description: string;
  title?: string;
  type?: string;
  priority?: Priority;
  customerId?: string;
  deviceId?: string;
  fields?: Record<string, unknown>;
  /** An imported ticket starts new; `cancelled` history rows are cancelled right after. */
  status?: 'cancelled';
}

export interface CheckedRow {
  rowNo: number;
  record: TicketRecord | null;
  problems: RowProblem[];
}

/** Targets that describe another system's record, not a row of history: not for imports. */
const CONNECTOR_ONLY = new Set(['externalState', 'externalNote']);
/** The type a ticket gets when the row names none (tickets' own default). */
const DEFAULT_TYPE = 'repair';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Compiles a template's rules; a template needs no id column: the row number stands in. */
export function compileTicketMapping(rules: MappingRule[]): CompiledMapping {
  const refused = rules.findIndex((rule) => CONNECTOR_ONLY.has(rule.to));
  if (refused >= 0) {
    throw new AppError('invalid_input', `rule ${refused + 1}: ${rules[refused].to} is for connectors; an import has no other system to track.`,
      { field: 'mapping', rule: refused });
  }
  const withId = rules.some((rule) => rule.to === 'externalId') ? rules : [...rules, { to: 'externalId', from: `$['${ROW_NUMBER_KEY}']` }];
  try {
    return compileMapping(withId);
  } catch (error) {
    if (!(error instanceof MappingError)) throw error;
    throw new AppError('invalid_input', `The mapping is invalid: ${error.message}`, { field: 'mapping', problems: error.problems });
  }
}


/** Looks things up once per file, not once per row. */
class Lookups {
  private types = new Map<string, Promise<{ active: boolean; validate: ValidateFunction } | null>>();
  private customers = new Map<string, Promise<boolean>>();
  private devices = new Map<string, Promise<boolean>>();
  private serials = new Map<string, Promise<string | undefined>>();
  private ajv = new Ajv({ allErrors: true, strict: false });

  constructor(private db: Db, private tenantId: string) {}

  type(key: string) {
    return memo(this.types, key, async () => {
      const type = await cachedTicketType(this.db, this.tenantId, key);
      return type ? { active: type.active, validate: this.ajv.compile({ ...type.formSchema, additionalProperties: false }) } : null;
    });
  }

  customer = (id: string) => memo(this.customers, id, () => customerExists(this.db, this.tenantId, id));
  device = (id: string) => memo(this.devices, id, async () => !!(await getDevice(this.db, this.tenantId, id)));
  serial = (code: string) => memo(this.serials, code, async () => (await findDeviceByCodes(this.db, this.tenantId, [code]))?.id);
}

function memo<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let value = cache.get(key);
  if (!value) {
    value = load();
    cache.set(key, value);
  }
  return value;
}

/** Maps and checks every row; rows with problems have no record. */
export async function checkTicketRows(db: Db, tenantId: string, rules: MappingRule[], rows: SheetRow[]): Promise<CheckedRow[]> {
  const mapping = compileTicketMapping(rules);
  const lookups = new Lookups(db, tenantId);
  const columns = new Map<string, string | null>(rules.map((rule) => [rule.to, columnOf(rule.from)]));
  const checked: CheckedRow[] = [];
  for (const row of rows) {
    const problems: RowProblem[] = [];
    const fail = (field: string, message: string) => problems.push({ row: row.rowNo, column: columns.get(field) ?? null, field, message });
    let record: TicketRecord | null = null;
    try {
      record = await checkRecord(applyMapping(mapping, row.values), lookups, fail);
    } catch (error) {
      if (!(error instanceof MappingError)) throw error;
      for (const problem of error.problems) {
        problems.push({ row: row.rowNo, column: columnOf(problem.from), field: problem.to, message: problem.message });
      }
    }
    checked.push({ rowNo: row.rowNo, record: problems.length ? null : record, problems });
  }
  return checked;
}

async function checkRecord(mapped: ReturnType<typeof applyMapping>, lookups: Lookups, fail: (field: string, message: string) => void) {
  const description = mapped.description?.trim();
  if (!description) fail('description', '工单描述为空 (description is required)');
  if (mapped.status && mapped.status !== 'cancelled') {
    fail('status', `an imported ticket starts as new; only "cancelled" can be set, not "${mapped.status}"`);
  }
  const typeKey = mapped.type ?? DEFAULT_TYPE;
  const type = await lookups.type(typeKey);
  if (!type || !type.active) fail('type', `unknown ticket type "${typeKey}"`);
  else if (!type.validate(mapped.fields)) {
    for (const error of type.validate.errors ?? []) {
      const name = error.instancePath.slice(1).split('/')[0] || String(error.params.additionalProperty ?? error.params.missingProperty ?? '');
      fail(`fields.${name}`, error.keyword === 'additionalProperties' ? `the type "${typeKey}" has no field "${name}"` : error.message ?? 'invalid');
    }
  }
  if (mapped.customerId && !(UUID.test(mapped.customerId) && (await lookups.customer(mapped.customerId)))) {
    fail('customerId', `no customer has the id "${mapped.customerId}"`);
  }
  let deviceId = mapped.deviceId;
  if (deviceId && !(UUID.test(deviceId) && (await lookups.device(deviceId)))) fail('deviceId', `no device has the id "${deviceId}"`);
  if (!deviceId && mapped.deviceSerial) {
    deviceId = await lookups.serial(mapped.deviceSerial);
    if (!deviceId) fail('deviceSerial', `no device has the serial "${mapped.deviceSerial}"`);
  }
  const record: TicketRecord = { externalId: mapped.externalId!, description: description ?? '' };
  if (mapped.title) record.title = mapped.title;
  if (mapped.type) record.type = mapped.type;
  if (mapped.priority) record.priority = mapped.priority;
  if (mapped.customerId) record.customerId = mapped.customerId;
  if (deviceId) record.deviceId = deviceId;
  if (Object.keys(mapped.fields).length) record.fields = mapped.fields;
  if (mapped.status === 'cancelled') record.status = 'cancelled';
  return record;
}

/**
 * Writes checked rows as tickets in a batch's transaction, through the ticket service as any
 * other ticket (numbering, SLA clocks, dispatch, webhooks): the person who uploaded is the
 * requester and the actor. A cancelled history row is cancelled right after, on their behalf.
 */
export function ticketRowWriter(ctx: Ctx, trx: Transaction<DB>, actor: Actor, deps: { blobs: BlobStore; hooks: TicketHooks }) {
  const tickets = createTicketService(ctx, deps).within(trx);
  const system = createTicketSystem(deps.hooks);
  return async (record: TicketRecord): Promise<'created'> => {
    const { ticket } = await tickets.createTicket(actor, {
      description: record.description, type: record.type, priority: record.priority, customerId: record.customerId,
      deviceId: record.deviceId, fields: record.fields, channel: 'import',
    });
    if (record.title && record.title !== ticket.title) await tickets.updateTicket(actor, ticket.id, { title: record.title });
    if (record.status === 'cancelled' && ticket.status !== 'cancelled') {
      await system.act(trx, actor.tenantId, ticket.id, 'cancel', { reason: '导入的历史工单：原状态为已取消' }, ctx.clock.now(), actor.userId);
    }
    return 'created';
  };
}
