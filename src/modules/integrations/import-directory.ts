/**
 * Spreadsheet rows to devices, customers and people: each row mapped, its human references
 * (a customer's name, an org unit's name) resolved within the tenant, matched against the
 * records that exist already by its key (serial, name, email), then checked with the
 * directory's own body schema, so a dry run lists every bad row with the words the API would
 * use. The whole file's lookups are a few queries, not a few per row.
 */
import type { Db } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { Role } from '../../platform/http/actor.ts';
import { directoryInputProblems, existingOrgUnitIds, orgUnitsNamed, type DirectoryInputKind } from '../directory/index.ts';
import type { SheetRow } from './import-files.ts';
import { compileRowMapping, mapRow, type RowMapping, type TargetSet } from './import-mapping.ts';
import type { OnExisting, RowProblem } from './import-tables.ts';
import type { MappingRule } from './mapping.ts';

/** What a checked row will do, stored with the import and written by the runner. */
export interface DirectoryRecord {
  action: 'create' | 'update' | 'skip';
  /** The existing record the row updates or leaves alone. */
  id?: string;
  /** The directory's input: a route's body. */
  input: Record<string, unknown>;
}

export interface CheckedDirectoryRow {
  rowNo: number;
  record: DirectoryRecord | null;
  problems: RowProblem[];
}

/** Reports a problem with the value that went to a target; the column is found from the target. */
export type Fail = (target: string, message: string) => void;

/** An input, and which target each of its fields came from when the names differ (customerId ← customer). */
export interface BuiltInput {
  input: Record<string, unknown>;
  sources: Map<string, string>;
}

/** What makes one kind of directory record importable. `Refs` is what the file's lookups found. */
export interface DirectoryImport<Refs> {
  targets: TargetSet;
  /** Who may import it: the roles that may create it through its route. */
  roles: readonly Role[];
  /** The word for one record in messages: customer, device, person. */
  noun: string;
  /** The target holding the key an existing record is found by. */
  keyTarget: string;
  kinds: { create: DirectoryInputKind; update: DirectoryInputKind };
  /** Refuses a template whose rules do not fit together (a name and an id for one reference). */
  checkRules?(rules: readonly MappingRule[]): void;
  load(db: Db, tenantId: string, mapped: Record<string, unknown>[]): Promise<Refs>;
  build(mapped: Record<string, unknown>, refs: Refs, fail: Fail): BuiltInput;
  /** The key as records are matched by it (an email in lower case); undefined when the row has none. */
  key(input: Record<string, unknown>): string | undefined;
  /** The ids of the records that have this key already. */
  existing(key: string, refs: Refs): string[];
  /** Why a row that matches existing records is an error when onExisting is `error`. */
  existsMessage(input: Record<string, unknown>, ids: string[]): string;
  /** Rules against the tenant's other records and the file's other rows beyond the key (a device's QR value). */
  conflicts?(input: Record<string, unknown>, existingId: string | undefined, rowNo: number, refs: Refs, fail: Fail): void;
  create(db: Db, tenantId: string, input: Record<string, unknown>, now: Date): Promise<string>;
  update(db: Db, tenantId: string, id: string, input: Record<string, unknown>, now: Date): Promise<void>;
}

/** Compiles a template's rules for the entity; a 400 naming each bad rule. */
export function compileDirectoryMapping<Refs>(entity: DirectoryImport<Refs>, rules: readonly MappingRule[]): RowMapping {
  const mapping = compileRowMapping(rules, entity.targets);
  entity.checkRules?.(rules);
  return mapping;
}

/** The target a schema problem's field came from: `location/lat` ← lat, `skills/2/level` ← skills.cnc. */
function sourceOf(field: string, sources: Map<string, string>): string {
  const parts = field.split('/');
  for (let length = parts.length; length > 0; length -= 1) {
    const source = sources.get(parts.slice(0, length).join('/'));
    if (source) return source;
  }
  return parts[0];
}

/** Maps and checks every row; rows with problems have no record. */
export async function checkDirectoryRows<Refs>(entity: DirectoryImport<Refs>, db: Db, tenantId: string, rules: MappingRule[],
  rows: SheetRow[], onExisting: OnExisting): Promise<CheckedDirectoryRow[]> {
  const mapping = compileDirectoryMapping(entity, rules);
  const mappedRows = rows.map((row) => ({ rowNo: row.rowNo, ...mapRow(mapping, row.rowNo, row.values) }));
  const refs = await entity.load(db, tenantId, mappedRows.map((row) => row.mapped));
  const rowOfKey = new Map<string, number>();
  return mappedRows.map(({ rowNo, mapped, problems }) => {
    const fail: Fail = (target, message) => problems.push({ row: rowNo, column: mapping.columns.get(target) ?? null, field: target, message });
    const { input, sources } = entity.build(mapped, refs, fail);
    const key = entity.key(input);
    const ids = key === undefined ? [] : entity.existing(key, refs);
    // A row whose record exists is left alone: it writes nothing, so nothing else in it matters.
    if (ids.length && onExisting === 'skip') return { rowNo, record: { action: 'skip', id: ids[0], input }, problems: [] };
    let record: DirectoryRecord = { action: 'create', input };
    if (key !== undefined) {
      const earlier = rowOfKey.get(key);
      if (earlier !== undefined) fail(entity.keyTarget, `"${String(input[entity.keyTarget] ?? key)}" is also on row ${earlier}: a file holds each ${entity.noun} once`);
      else rowOfKey.set(key, rowNo);
      if (ids.length && onExisting === 'error') fail(entity.keyTarget, entity.existsMessage(input, ids));
      else if (ids.length > 1) fail(entity.keyTarget, `${ids.length} ${entity.noun} records match "${key}": the row cannot say which one to update`);
      else if (ids.length === 1) record = { action: 'update', id: ids[0], input };
    }
    const kind = record.action === 'create' ? entity.kinds.create : entity.kinds.update;
    // A value already reported (an unknown role left the list empty) is not reported again by the schema.
    const reported = new Set(problems.map((problem) => problem.field));
    for (const problem of directoryInputProblems(kind, input)) {
      const target = sourceOf(problem.field, sources);
      if (!reported.has(target)) fail(target, `${problem.field ? `${problem.field} ` : ''}${problem.message}`);
    }
    entity.conflicts?.(input, record.id, rowNo, refs, fail);
    return { rowNo, record: problems.length ? null : record, problems };
  });
}

/** Writes one checked row in the batch's transaction; what it did. */
export async function writeDirectoryRow<Refs>(entity: DirectoryImport<Refs>, db: Db, tenantId: string, record: DirectoryRecord,
  now: Date): Promise<'created' | 'updated' | 'skipped'> {
  if (record.action === 'skip') return 'skipped';
  if (record.action === 'update') {
    await entity.update(db, tenantId, record.id!, record.input, now);
    return 'updated';
  }
  await entity.create(db, tenantId, record.input, now);
  return 'created';
}

// --- what the entities share -------------------------------------------------------------

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/**
 * A cell as the directory's text fields take it: numbers and booleans as text (a phone number
 * Excel stored as a number), trimmed. Anything else is left for the schema to refuse.
 */
export function text(value: unknown): unknown {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'string' ? value.trim() : value;
}

/** Copies the targets that are plain text fields of the input. */
export function copyText(mapped: Record<string, unknown>, input: Record<string, unknown>, targets: readonly string[]): void {
  for (const target of targets) if (mapped[target] !== undefined) input[target] = text(mapped[target]);
}

/** The distinct texts a target holds across the file. */
export function textsOf(mapped: Record<string, unknown>[], target: string): string[] {
  const values = new Set<string>();
  for (const row of mapped) {
    const value = text(row[target]);
    if (typeof value === 'string' && value) values.add(value);
  }
  return [...values];
}

/** A record named by a human key: one match resolves it; none or several is the row's problem. */
export function resolveByName(named: Map<string, string[]>, name: string, noun: string, idTarget: string): { id?: string; problem?: string } {
  const ids = named.get(name) ?? [];
  if (ids.length === 1) return { id: ids[0] };
  if (!ids.length) return { problem: `no ${noun} named "${name}" in this tenant` };
  return { problem: `${ids.length} ${noun}s are named "${name}": map ${idTarget} instead to say which` };
}

/** Refuses a template with rules for both a reference's name and its id: each row must name it one way. */
export function requireOneWayToName(rules: readonly MappingRule[], nameTarget: string, idTarget: string): void {
  const targets = new Set(rules.map((rule) => rule.to));
  if (targets.has(nameTarget) && targets.has(idTarget)) {
    throw new AppError('invalid_input', `The mapping is invalid: map ${nameTarget} (a name) or ${idTarget} (an id), not both.`, { field: 'mapping' });
  }
}

/** The org units a file names, by name (`orgUnit`) and by id (`orgUnitId`), looked up once. */
export interface OrgUnitRefs {
  orgUnitsNamed: Map<string, string[]>;
  orgUnitIds: Set<string>;
}

export async function loadOrgUnits(db: Db, tenantId: string, mapped: Record<string, unknown>[]): Promise<OrgUnitRefs> {
  return {
    orgUnitsNamed: await orgUnitsNamed(db, tenantId, textsOf(mapped, 'orgUnit')),
    orgUnitIds: await existingOrgUnitIds(db, tenantId, textsOf(mapped, 'orgUnitId').filter(isUuid)),
  };
}

/**
 * Sets orgUnitId from the row's org unit name or id. An id that is not a UUID is left for the
 * schema to refuse, as the route's would; one of another tenant is refused as the route refuses it.
 */
export function buildOrgUnit(mapped: Record<string, unknown>, refs: OrgUnitRefs, built: BuiltInput, fail: Fail): void {
  if (mapped.orgUnit !== undefined) {
    const name = String(text(mapped.orgUnit));
    const { id, problem } = resolveByName(refs.orgUnitsNamed, name, 'org unit', 'orgUnitId');
    if (problem) fail('orgUnit', problem);
    else built.input.orgUnitId = id;
    built.sources.set('orgUnitId', 'orgUnit');
  }
  if (mapped.orgUnitId !== undefined) {
    const id = text(mapped.orgUnitId);
    if (isUuid(id) && !refs.orgUnitIds.has(id)) fail('orgUnitId', 'orgUnitId names no org unit of this tenant.');
    built.input.orgUnitId = id;
  }
}
