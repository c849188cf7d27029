/**
 * Spreadsheet imports: mapping templates per tenant, and an uploaded file read, mapped and
 * checked row by row. A preview shows the first rows, a dry run every bad row; an import stores
 * the checked rows and leaves the writing to the runner, batch by batch.
 */
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { hasRole, type Actor } from '../../platform/http/actor.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { readSheet } from './import-files.ts';
import { scheduleBatch } from './import-job.ts';
import * as store from './import-store.ts';
import { checkTicketRows, compileTicketMapping } from './import-tickets.ts';
import type { RowProblem } from './import-tables.ts';
import type { MappingRule } from './mapping.ts';

export const IMPORT_ENTITIES = ['tickets'] as const;
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
  batchSize?: number;
}

function authorize(actor: Actor) {
  if (!hasRole(actor, 'admin', 'dispatcher')) throw new AppError('forbidden', 'Only admins and dispatchers import data.');
}

function checkEntity(entity: string) {
  if (!(IMPORT_ENTITIES as readonly string[]).includes(entity)) {
    throw new AppError('invalid_input', `entity must be one of ${IMPORT_ENTITIES.join(', ')}; got "${entity}".`, { field: 'entity' });
  }
}

const isUniqueViolation = (error: unknown) => (error as { code?: string })?.code === '23505';

export function createImportService(ctx: Ctx) {
  async function templateOf(actor: Actor, id: string) {
    const template = await store.getTemplate(ctx.db, actor.tenantId, id);
    if (!template) throw new AppError('not_found', 'Import template not found.', { id });
    return template;
  }

  const templates = {
    async list(actor: Actor) {
      authorize(actor);
      return store.listTemplates(ctx.db, actor.tenantId);
    },
    async get(actor: Actor, id: string) {
      authorize(actor);
      return templateOf(actor, id);
    },
    async create(actor: Actor, input: { name: string; entity: string; mapping: MappingRule[] }) {
      authorize(actor);
      checkEntity(input.entity);
      compileTicketMapping(input.mapping);
      const id = uuidv7(ctx.clock.now().getTime());
      try {
        await store.insertTemplate(ctx.db, actor.tenantId, { id, name: input.name.trim(), entity: input.entity, mapping: input.mapping, createdBy: actor.userId }, ctx.clock.now());
      } catch (error) {
        if (isUniqueViolation(error)) throw new AppError('already_exists', `A template named "${input.name}" exists.`, { field: 'name' });
        throw error;
      }
      return templateOf(actor, id);
    },
    async update(actor: Actor, id: string, input: { name?: string; mapping?: MappingRule[] }) {
      authorize(actor);
      await templateOf(actor, id);
      if (input.mapping) compileTicketMapping(input.mapping);
      try {
        await store.updateTemplate(ctx.db, actor.tenantId, id, { name: input.name?.trim(), mapping: input.mapping }, ctx.clock.now());
      } catch (error) {
        if (isUniqueViolation(error)) throw new AppError('already_exists', `A template named "${input.name}" exists.`, { field: 'name' });
        throw error;
      }
      return templateOf(actor, id);
    },
    async remove(actor: Actor, id: string) {
      authorize(actor);
      if (!(await store.deleteTemplate(ctx.db, actor.tenantId, id))) throw new AppError('not_found', 'Import template not found.', { id });
    },
  };

  async function mappingOf(actor: Actor, request: ImportRequest): Promise<{ rules: MappingRule[]; templateId: string | null }> {
    if (request.templateId && request.mapping) {
      throw new AppError('invalid_input', 'Send a templateId or a mapping, not both.', { field: 'mapping' });
    }
    if (request.templateId) {
      const template = await templateOf(actor, request.templateId);
      if (template.entity !== request.entity) {
        throw new AppError('invalid_input', `The template maps ${template.entity}, not ${request.entity}.`, { field: 'templateId' });
      }
      return { rules: template.mapping, templateId: template.id };
    }
    if (!request.mapping) throw new AppError('invalid_input', 'Name a templateId or send a mapping.', { field: 'mapping' });
    return { rules: request.mapping, templateId: null };
  }

  /** preview and dry_run answer at once; import answers with the queued run to poll. */
  async function submit(actor: Actor, request: ImportRequest) {
    authorize(actor);
    checkEntity(request.entity);
    const { rules, templateId } = await mappingOf(actor, request);
    compileTicketMapping(rules);
    const sheet = await readSheet(request.bytes, request.fileName);
    if (request.mode === 'preview') {
      const sample = sheet.rows.slice(0, PREVIEW_ROWS);
      const checked = await checkTicketRows(ctx.db, actor.tenantId, rules, sample);
      return {
        mode: request.mode, format: sheet.format, headers: sheet.headers, total: sheet.rows.length,
        rows: checked.map((row, index) => ({ row: row.rowNo, values: withoutRowNumber(sample[index].values), record: row.record as Record<string, unknown> | null, problems: row.problems })),
      };
    }
    const checked = await checkTicketRows(ctx.db, actor.tenantId, rules, sheet.rows);
    const problems: RowProblem[] = checked.flatMap((row) => row.problems);
    const badRows = checked.filter((row) => row.problems.length).map((row) => row.rowNo);
    if (request.mode === 'dry_run') {
      return { mode: request.mode, format: sheet.format, headers: sheet.headers, total: checked.length, valid: checked.length - badRows.length, badRows, errors: problems };
    }
    if (!checked.length) throw new AppError('invalid_input', 'The file has no data rows under its header.', { field: 'file' });
    const id = uuidv7(ctx.clock.now().getTime());
    const now = ctx.clock.now();
    await ctx.db.transaction().execute(async (trx) => {
      await store.insertImport(trx, actor.tenantId, {
        id, entity: request.entity, fileName: request.fileName, templateId, mapping: rules,
        batchSize: Math.min(request.batchSize ?? MAX_BATCH_SIZE, MAX_BATCH_SIZE), total: checked.length, createdBy: actor.userId,
      }, now);
      await store.insertRows(trx, actor.tenantId, id, checked.map((row, index) => ({
        seq: index + 1, rowNo: row.rowNo, record: row.record as Record<string, unknown> | null, problems: row.problems.length ? row.problems : null,
      })));
      await scheduleBatch(trx, actor.tenantId, id, now);
    });
    return { mode: request.mode, ...(await progress(actor, id)) };
  }

  async function progress(actor: Actor, id: string) {
    authorize(actor);
    const run = await store.getImport(ctx.db, actor.tenantId, id);
    if (!run) throw new AppError('not_found', 'Import not found.', { id });
    return {
      id: run.id, entity: run.entity, fileName: run.fileName, templateId: run.templateId, status: run.status, batchSize: run.batchSize,
      total: run.total, done: run.done, failed: run.failed, errors: run.errors, createdBy: run.createdBy,
      createdAt: run.createdAt, updatedAt: run.updatedAt, finishedAt: run.finishedAt,
    };
  }

  return { authorize, templates, submit, progress };
}

function withoutRowNumber(values: Record<string, unknown>) {
  const { ['#row']: _row, ...rest } = values;
  return rest;
}

export type ImportService = ReturnType<typeof createImportService>;
