/**
 * Spreadsheet imports of tickets, devices, customers and people: mapping templates per tenant,
 * and an uploaded file read, mapped and checked row by row. A preview shows the first rows, a
 * dry run every bad row; an import stores the checked rows and leaves the writing to the runner,
 * batch by batch.
 */
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { hasRole, type Actor } from '../../platform/http/actor.ts';
import { uuidv7 } from '../../platform/ids.ts';
import {
  ANY_IMPORTER, checkImportRows, compileImportMapping, mayImport, requireEntity, requireImporter, requireOnExisting, type ImportEntity,
} from './import-entities.ts';
import { readSheet } from './import-files.ts';
import { scheduleBatch } from './import-job.ts';
import * as store from './import-store.ts';
import type { OnExisting, RowProblem } from './import-tables.ts';
import type { MappingRule } from './mapping.ts';

export const IMPORT_MODES = ['preview', 'dry_run', 'import'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];
export const PREVIEW_ROWS = 20;
export const MAX_BATCH_SIZE = 500;

export interface ImportRequest {
  fileName: string;
  bytes: Buffer;
  entity: string;
  mode: ImportMode;
  templateId?: string;
  mapping?: MappingRule[];
  /** What to do with rows whose record exists; by default the template's, else `error`. */
  onExisting?: string;
  batchSize?: number;
}

export interface TemplateInput {
  name: string;
  entity: string;
  mapping: MappingRule[];
  onExisting?: string;
}

/** Before anything else (an upload is not even read): the caller may import something. */
function authorize(actor: Actor) {
  if (!hasRole(actor, ...ANY_IMPORTER)) throw new AppError('forbidden', `Only ${ANY_IMPORTER.join(' or ')} import data.`);
}

const isUniqueViolation = (error: unknown) => (error as { code?: string })?.code === '23505';

export function createImportService(ctx: Ctx) {
  /** A template of the tenant that the caller may use: one for an entity they may not import answers 403. */
  async function templateOf(actor: Actor, id: string) {
    const template = await store.getTemplate(ctx.db, actor.tenantId, id);
    if (!template) throw new AppError('not_found', 'Import template not found.', { id });
    requireImporter(actor, requireEntity(template.entity));
    return template;
  }

  const templates = {
    async list(actor: Actor) {
      authorize(actor);
      const all = await store.listTemplates(ctx.db, actor.tenantId);
      return all.filter((template) => mayImport(actor, requireEntity(template.entity)));
    },
    async get(actor: Actor, id: string) {
      authorize(actor);
      return templateOf(actor, id);
    },
    async create(actor: Actor, input: TemplateInput) {
      authorize(actor);
      const entity = requireEntity(input.entity);
      requireImporter(actor, entity);
      const onExisting = requireOnExisting(entity, input.onExisting ?? 'error');
      compileImportMapping(entity, input.mapping);
      const id = uuidv7(ctx.clock.now().getTime());
      try {
        await store.insertTemplate(ctx.db, actor.tenantId, {
          id, name: input.name.trim(), entity, mapping: input.mapping, onExisting, createdBy: actor.userId,
        }, ctx.clock.now());
      } catch (error) {
        if (isUniqueViolation(error)) throw new AppError('already_exists', `A template named "${input.name}" exists.`, { field: 'name' });
        throw error;
      }
      return templateOf(actor, id);
    },
    async update(actor: Actor, id: string, input: { name?: string; mapping?: MappingRule[]; onExisting?: string }) {
      authorize(actor);
      const entity = requireEntity((await templateOf(actor, id)).entity);
      if (input.mapping) compileImportMapping(entity, input.mapping);
      const onExisting = input.onExisting === undefined ? undefined : requireOnExisting(entity, input.onExisting);
      try {
        await store.updateTemplate(ctx.db, actor.tenantId, id, { name: input.name?.trim(), mapping: input.mapping, onExisting }, ctx.clock.now());
      } catch (error) {
        if (isUniqueViolation(error)) throw new AppError('already_exists', `A template named "${input.name}" exists.`, { field: 'name' });
        throw error;
      }
      return templateOf(actor, id);
    },
    async remove(actor: Actor, id: string) {
      authorize(actor);
      await templateOf(actor, id);
      if (!(await store.deleteTemplate(ctx.db, actor.tenantId, id))) throw new AppError('not_found', 'Import template not found.', { id });
    },
  };

  /** The rules and the onExisting choice: from a template of the entity, or sent with the file. */
  async function mappingOf(actor: Actor, entity: ImportEntity, request: ImportRequest): Promise<{
    rules: MappingRule[]; templateId: string | null; onExisting: OnExisting;
  }> {
    if (request.templateId && request.mapping) {
      throw new AppError('invalid_input', 'Send a templateId or a mapping, not both.', { field: 'mapping' });
    }
    if (request.templateId) {
      const template = await templateOf(actor, request.templateId);
      if (template.entity !== entity) {
        throw new AppError('invalid_input', `The template maps ${template.entity}, not ${entity}.`, { field: 'templateId' });
      }
      return { rules: template.mapping, templateId: template.id, onExisting: requireOnExisting(entity, request.onExisting ?? template.onExisting) };
    }
    if (!request.mapping) throw new AppError('invalid_input', 'Name a templateId or send a mapping.', { field: 'mapping' });
    return { rules: request.mapping, templateId: null, onExisting: requireOnExisting(entity, request.onExisting ?? 'error') };
  }

  /** preview and dry_run answer at once; import answers with the queued run to poll. */
  async function submit(actor: Actor, request: ImportRequest) {
    authorize(actor);
    const entity = requireEntity(request.entity);
    requireImporter(actor, entity);
    const { rules, templateId, onExisting } = await mappingOf(actor, entity, request);
    compileImportMapping(entity, rules);
    const sheet = await readSheet(request.bytes, request.fileName);
    if (request.mode === 'preview') {
      const sample = sheet.rows.slice(0, PREVIEW_ROWS);
      const checked = await checkImportRows(entity, ctx.db, actor.tenantId, rules, sample, onExisting);
      return {
        mode: request.mode, entity, format: sheet.format, headers: sheet.headers, total: sheet.rows.length,
        rows: checked.map((row, index) => ({ row: row.rowNo, values: withoutRowNumber(sample[index].values), record: row.record, problems: row.problems })),
      };
    }
    const checked = await checkImportRows(entity, ctx.db, actor.tenantId, rules, sheet.rows, onExisting);
    const problems: RowProblem[] = checked.flatMap((row) => row.problems);
    const badRows = checked.filter((row) => row.problems.length).map((row) => row.rowNo);
    if (request.mode === 'dry_run') {
      return {
        mode: request.mode, entity, onExisting, format: sheet.format, headers: sheet.headers, total: checked.length,
        valid: checked.length - badRows.length, planned: plannedOf(checked), badRows, errors: problems,
      };
    }
    if (!checked.length) throw new AppError('invalid_input', 'The file has no data rows under its header.', { field: 'file' });
    const id = uuidv7(ctx.clock.now().getTime());
    const now = ctx.clock.now();
    await ctx.db.transaction().execute(async (trx) => {
      await store.insertImport(trx, actor.tenantId, {
        id, entity, fileName: request.fileName, templateId, mapping: rules, onExisting,
        batchSize: Math.min(request.batchSize ?? MAX_BATCH_SIZE, MAX_BATCH_SIZE), total: checked.length, createdBy: actor.userId,
      }, now);
      await store.insertRows(trx, actor.tenantId, id, checked.map((row, index) => ({
        seq: index + 1, rowNo: row.rowNo, record: row.record, problems: row.problems.length ? row.problems : null,
      })));
      await scheduleBatch(trx, actor.tenantId, id, now);
    });
    return { mode: request.mode, ...(await progress(actor, id)) };
  }

  async function progress(actor: Actor, id: string) {
    authorize(actor);
    const run = await store.getImport(ctx.db, actor.tenantId, id);
    if (!run) throw new AppError('not_found', 'Import not found.', { id });
    requireImporter(actor, requireEntity(run.entity));
    return {
      id: run.id, entity: run.entity, fileName: run.fileName, templateId: run.templateId, status: run.status, onExisting: run.onExisting,
      batchSize: run.batchSize, total: run.total, done: run.done, updated: run.updated, skipped: run.skipped, failed: run.failed,
      errors: run.errors, createdBy: run.createdBy,
      createdAt: run.createdAt, updatedAt: run.updatedAt, finishedAt: run.finishedAt,
    };
  }

  return { authorize, templates, submit, progress };
}

/** What the rows without problems will do: a ticket row always creates; a directory row may update or be skipped. */
function plannedOf(checked: { record: Record<string, unknown> | null }[]) {
  const planned = { create: 0, update: 0, skip: 0 };
  for (const { record } of checked) {
    if (!record) continue;
    const action = record.action;
    planned[action === 'update' || action === 'skip' ? action : 'create'] += 1;
  }
  return planned;
}

function withoutRowNumber(values: Record<string, unknown>) {
  const { ['#row']: _row, ...rest } = values;
  return rest;
}

export type ImportService = ReturnType<typeof createImportService>;
