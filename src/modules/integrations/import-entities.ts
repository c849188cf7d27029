/**
 * What a spreadsheet can import, and for each: who may, how its mapping is checked, how its
 * rows are checked, and how one checked row is written inside a batch's transaction.
 */
import type { Transaction } from 'kysely';
import type { BlobStore } from '../../platform/blobs.ts';
import type { Ctx, Db } from '../../platform/context.ts';
import type { DB } from '../../platform/db/tables.ts';
import { AppError } from '../../platform/errors.ts';
import { hasRole, type Actor, type Role } from '../../platform/http/actor.ts';
import type { TicketHooks } from '../tickets/index.ts';
import { customerImport } from './import-customers.ts';
import { deviceImport } from './import-devices.ts';
import { checkDirectoryRows, compileDirectoryMapping, writeDirectoryRow, type DirectoryImport, type DirectoryRecord } from './import-directory.ts';
import type { SheetRow } from './import-files.ts';
import type { OnExisting, RowProblem } from './import-tables.ts';
import { checkTicketRows, compileTicketMapping, ticketRowWriter, type TicketRecord } from './import-tickets.ts';
import { userImport } from './import-users.ts';
import type { MappingRule } from './mapping.ts';

export const IMPORT_ENTITIES = ['tickets', 'devices', 'customers', 'users'] as const;
export type ImportEntity = (typeof IMPORT_ENTITIES)[number];
export const ON_EXISTING = ['error', 'skip', 'update'] as const;

/** A directory entity's steps, each closed over its own kind of lookups. */
interface DirectoryEntity {
  roles: readonly Role[];
  compile(rules: MappingRule[]): void;
  check(db: Db, tenantId: string, rules: MappingRule[], rows: SheetRow[], onExisting: OnExisting): Promise<CheckedRow[]>;
  write(db: Db, tenantId: string, record: DirectoryRecord, now: Date): Promise<RowOutcome>;
}

function directoryEntity<Refs>(spec: DirectoryImport<Refs>): DirectoryEntity {
  return {
    roles: spec.roles,
    compile: (rules) => void compileDirectoryMapping(spec, rules),
    check: async (db, tenantId, rules, rows, onExisting) => checkDirectoryRows(spec, db, tenantId, rules, rows, onExisting) as Promise<CheckedRow[]>,
    write: (db, tenantId, record, now) => writeDirectoryRow(spec, db, tenantId, record, now),
  };
}

const DIRECTORY: Record<Exclude<ImportEntity, 'tickets'>, DirectoryEntity> = {
  devices: directoryEntity(deviceImport),
  customers: directoryEntity(customerImport),
  users: directoryEntity(userImport),
};

/** The desk imports tickets, customers and devices; only admins import people, as only they add them. */
const TICKET_IMPORTERS: readonly Role[] = ['admin', 'dispatcher'];
export const rolesFor = (entity: ImportEntity): readonly Role[] => (entity === 'tickets' ? TICKET_IMPORTERS : DIRECTORY[entity].roles);

/** Those who may import at least one entity: checked before an upload is read. */
export const ANY_IMPORTER: readonly Role[] = [...new Set(IMPORT_ENTITIES.flatMap(rolesFor))];

export function requireEntity(entity: string): ImportEntity {
  if (!(IMPORT_ENTITIES as readonly string[]).includes(entity)) {
    throw new AppError('invalid_input', `entity must be one of ${IMPORT_ENTITIES.join(', ')}; got "${entity}".`, { field: 'entity' });
  }
  return entity as ImportEntity;
}

export const mayImport = (actor: Actor, entity: ImportEntity) => hasRole(actor, ...rolesFor(entity));

export function requireImporter(actor: Actor, entity: ImportEntity): void {
  if (!mayImport(actor, entity)) {
    const roles = rolesFor(entity);
    throw new AppError('forbidden', `Only ${roles.join(' or ')} may import ${entity}.`, { requiredRoles: roles });
  }
}

/** Tickets have no key to find an existing one by: each row is a new ticket. */
export function requireOnExisting(entity: ImportEntity, onExisting: string): OnExisting {
  if (!(ON_EXISTING as readonly string[]).includes(onExisting)) {
    throw new AppError('invalid_input', `onExisting must be one of ${ON_EXISTING.join(', ')}; got "${onExisting}".`, { field: 'onExisting' });
  }
  if (entity === 'tickets' && onExisting !== 'error') {
    throw new AppError('invalid_input', 'onExisting is for devices, customers and users: every ticket row is a new ticket.', { field: 'onExisting' });
  }
  return onExisting as OnExisting;
}

/** Checks a template's rules for the entity; a 400 naming each bad rule. */
export function compileImportMapping(entity: ImportEntity, rules: MappingRule[]): void {
  if (entity === 'tickets') compileTicketMapping(rules);
  else DIRECTORY[entity].compile(rules);
}

export interface CheckedRow {
  rowNo: number;
  record: Record<string, unknown> | null;
  problems: RowProblem[];
}

/** Maps and checks rows as the entity's API would; nothing is written. */
export async function checkImportRows(entity: ImportEntity, db: Db, tenantId: string, rules: MappingRule[], rows: SheetRow[],
  onExisting: OnExisting): Promise<CheckedRow[]> {
  if (entity !== 'tickets') return DIRECTORY[entity].check(db, tenantId, rules, rows, onExisting);
  return await checkTicketRows(db, tenantId, rules, rows) as CheckedRow[];
}

/** What writing one row did: a new record, an existing one changed, or one left alone. */
export type RowOutcome = 'created' | 'updated' | 'skipped';

/** Writes checked rows of the entity in the batch's transaction, as `actor`. */
export function rowWriter(entity: ImportEntity, ctx: Ctx, trx: Transaction<DB>, actor: Actor,
  deps: { blobs: BlobStore; hooks: TicketHooks }): (record: Record<string, unknown>) => Promise<RowOutcome> {
  if (entity === 'tickets') {
    const write = ticketRowWriter(ctx, trx, actor, deps);
    return (record) => write(record as unknown as TicketRecord);
  }
  const directory = DIRECTORY[entity];
  return (record) => directory.write(trx, actor.tenantId, record as unknown as DirectoryRecord, ctx.clock.now());
}
