/** SQL for import templates, import runs and their waiting rows. Always by tenant. */
import { sql } from 'kysely';
import type { Db } from '../../platform/context.ts';
import type { OnExisting, RowProblem } from './import-tables.ts';
import type { MappingRule } from './mapping.ts';

/** An import keeps this many problems to show; the counts stay exact beyond it. */
export const MAX_KEPT_ERRORS = 1000;

export interface ImportTemplate {
  id: string;
  name: string;
  entity: string;
  mapping: MappingRule[];
  onExisting: OnExisting;
  version: number;
  createdAt: string;
  updatedAt: string;
}

const templateColumns = ['id', 'name', 'entity', 'mapping', 'on_existing', 'version', 'created_at', 'updated_at'] as const;
type TemplateRow = { id: string; name: string; entity: string; mapping: unknown[]; on_existing: OnExisting; version: number; created_at: Date; updated_at: Date };
const toTemplate = (row: TemplateRow): ImportTemplate => ({
  id: row.id, name: row.name, entity: row.entity, mapping: row.mapping as MappingRule[], onExisting: row.on_existing, version: row.version,
  createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString(),
});

export async function insertTemplate(db: Db, tenantId: string, template: {
  id: string; name: string; entity: string; mapping: MappingRule[]; onExisting: OnExisting; createdBy: string;
}, now: Date) {
  await db.insertInto('import_templates').values({
    tenant_id: tenantId, id: template.id, name: template.name, entity: template.entity, mapping: JSON.stringify(template.mapping),
    on_existing: template.onExisting, created_by: template.createdBy, created_at: now, updated_at: now,
  }).execute();
}

export async function getTemplate(db: Db, tenantId: string, id: string): Promise<ImportTemplate | undefined> {
  const row = await db.selectFrom('import_templates').select(templateColumns).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return row && toTemplate(row);
}

export async function listTemplates(db: Db, tenantId: string): Promise<ImportTemplate[]> {
  const rows = await db.selectFrom('import_templates').select(templateColumns).where('tenant_id', '=', tenantId).orderBy('name').execute();
  return rows.map(toTemplate);
}

export async function updateTemplate(db: Db, tenantId: string, id: string, changes: { name?: string; mapping?: MappingRule[]; onExisting?: OnExisting }, now: Date) {
  await db.updateTable('import_templates').set((eb) => ({
    ...(changes.name !== undefined ? { name: changes.name } : {}),
    ...(changes.mapping !== undefined ? { mapping: JSON.stringify(changes.mapping) } : {}),
    ...(changes.onExisting !== undefined ? { on_existing: changes.onExisting } : {}),
    version: eb('version', '+', 1),
    updated_at: now,
  })).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

export async function deleteTemplate(db: Db, tenantId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('import_templates').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export interface ImportRun {
  id: string;
  entity: string;
  fileName: string;
  templateId: string | null;
  status: 'queued' | 'running' | 'done';
  batchSize: number;
  onExisting: OnExisting;
  total: number;
  /** Rows written: created, or updated (counted in `updated` too). */
  done: number;
  updated: number;
  skipped: number;
  failed: number;
  cursor: number;
  errors: RowProblem[];
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

export async function insertImport(db: Db, tenantId: string, run: {
  id: string; entity: string; fileName: string; templateId: string | null; mapping: MappingRule[]; onExisting: OnExisting; batchSize: number;
  total: number; createdBy: string;
}, now: Date) {
  await db.insertInto('imports').values({
    tenant_id: tenantId, id: run.id, entity: run.entity, file_name: run.fileName, template_id: run.templateId,
    mapping: JSON.stringify(run.mapping), on_existing: run.onExisting, batch_size: run.batchSize, total: run.total, created_by: run.createdBy,
    created_at: now, updated_at: now,
  }).execute();
}

export async function getImport(db: Db, tenantId: string, id: string, forUpdate = false): Promise<ImportRun | undefined> {
  let query = db.selectFrom('imports')
    .select(['id', 'entity', 'file_name', 'template_id', 'status', 'on_existing', 'batch_size', 'total', 'done', 'updated', 'skipped', 'failed',
      'cursor', 'errors', 'created_by', 'created_at', 'updated_at', 'finished_at'])
    .where('tenant_id', '=', tenantId).where('id', '=', id);
  if (forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row && {
    id: row.id, entity: row.entity, fileName: row.file_name, templateId: row.template_id, status: row.status, onExisting: row.on_existing,
    batchSize: row.batch_size, total: row.total, done: row.done, updated: row.updated, skipped: row.skipped, failed: row.failed,
    cursor: row.cursor, errors: row.errors, createdBy: row.created_by,
    createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString(), finishedAt: row.finished_at?.toISOString() ?? null,
  };
}

export interface WaitingRow {
  seq: number;
  rowNo: number;
  record: Record<string, unknown> | null;
  problems: RowProblem[] | null;
}

/** Rows are written in chunks: one statement per 1000 rows keeps the parameter count in bounds. */
export async function insertRows(db: Db, tenantId: string, importId: string, rows: WaitingRow[]) {
  for (let start = 0; start < rows.length; start += 1000) {
    await db.insertInto('import_rows').values(rows.slice(start, start + 1000).map((row) => ({
      tenant_id: tenantId, import_id: importId, seq: row.seq, row_no: row.rowNo,
      record: row.record ? JSON.stringify(row.record) : null, problems: row.problems ? JSON.stringify(row.problems) : null,
    }))).execute();
  }
}

export async function nextRows(db: Db, tenantId: string, importId: string, after: number, limit: number): Promise<WaitingRow[]> {
  const rows = await db.selectFrom('import_rows').select(['seq', 'row_no', 'record', 'problems'])
    .where('tenant_id', '=', tenantId).where('import_id', '=', importId).where('seq', '>', after)
    .orderBy('seq').limit(limit).execute();
  return rows.map((row) => ({ seq: row.seq, rowNo: row.row_no, record: row.record, problems: row.problems }));
}

/** Records one batch's outcome: counts exact, problems kept up to MAX_KEPT_ERRORS. */
export interface BatchOutcome {
  done: number;
  updated: number;
  skipped: number;
  failed: number;
  cursor: number;
  problems: RowProblem[];
}

export async function recordBatch(db: Db, tenantId: string, run: ImportRun, outcome: BatchOutcome, now: Date) {
  const errors = [...run.errors, ...outcome.problems].slice(0, MAX_KEPT_ERRORS);
  await db.updateTable('imports').set({
    status: 'running', done: sql`done + ${outcome.done}`, updated: sql`updated + ${outcome.updated}`, skipped: sql`skipped + ${outcome.skipped}`,
    failed: sql`failed + ${outcome.failed}`, cursor: outcome.cursor,
    errors: JSON.stringify(errors), updated_at: now,
  }).where('tenant_id', '=', tenantId).where('id', '=', run.id).execute();
}

export async function finishImport(db: Db, tenantId: string, id: string, now: Date) {
  await db.updateTable('imports').set({ status: 'done', updated_at: now, finished_at: now })
    .where('tenant_id', '=', tenantId).where('id', '=', id).execute();
  await db.deleteFrom('import_rows').where('tenant_id', '=', tenantId).where('import_id', '=', id).execute();
}
