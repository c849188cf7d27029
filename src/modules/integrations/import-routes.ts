/** HTTP routes of spreadsheet import (templates, uploads, progress) and export. */
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { App } from '../../platform/http/server.ts';
import type { TicketService } from '../tickets/index.ts';
import { exportRoutes } from './export-routes.ts';
import * as schemas from './import-schemas.ts';
import { createImportService, IMPORT_MODES, MAX_BATCH_SIZE, type ImportMode, type ImportRequest, type TemplateInput } from './import-service.ts';
import type { MappingRule } from './mapping.ts';

function parseMapping(text: string): MappingRule[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError('invalid_input', 'mapping must be a JSON array of rules.', { field: 'mapping' });
  }
  if (!Array.isArray(value) || !value.length || value.length > 200
    || !value.every((rule) => rule && typeof rule === 'object' && typeof (rule as { to?: unknown }).to === 'string')) {
    throw new AppError('invalid_input', 'mapping must be a JSON array of 1 to 200 rules, each with a "to".', { field: 'mapping' });
  }
  return value as MappingRule[];
}

/** Reads the multipart body: the file into memory (bounded by the upload limit), the rest as fields. */
async function readUpload(request: FastifyRequest, maxUploadBytes: number): Promise<ImportRequest> {
  if (!request.isMultipart()) throw new AppError('unsupported_media_type', 'Send the file as multipart/form-data, in a part named "file".');
  const fields: Record<string, string> = {};
  let file: { name: string; bytes: Buffer } | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') {
          part.file.resume();
          throw new AppError('invalid_input', `Unexpected file part "${part.fieldname}": send the file in a part named "file".`, { field: part.fieldname });
        }
        file = { name: part.filename || 'upload', bytes: await part.toBuffer() };
      } else fields[part.fieldname] = String(part.value);
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError('payload_too_large', `The file is larger than ${maxUploadBytes} bytes.`, { maxBytes: maxUploadBytes });
    }
    if (code === 'FST_FILES_LIMIT') throw new AppError('payload_too_large', 'Send one file per request.', { maxFiles: 1 });
    throw error;
  }
  if (!file) throw new AppError('invalid_input', 'No file: send it as multipart/form-data in a part named "file".', { field: 'file' });
  const mode = fields.mode ?? 'preview';
  if (!(IMPORT_MODES as readonly string[]).includes(mode)) {
    throw new AppError('invalid_input', `mode must be one of ${IMPORT_MODES.join(', ')}; got "${mode}".`, { field: 'mode' });
  }
  const batchSize = fields.batchSize === undefined ? undefined : Number(fields.batchSize);
  if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= MAX_BATCH_SIZE)) {
    throw new AppError('invalid_input', `batchSize must be a whole number from 1 to ${MAX_BATCH_SIZE}.`, { field: 'batchSize' });
  }
  if (fields.templateId !== undefined && !/^[0-9a-f-]{36}$/i.test(fields.templateId)) {
    throw new AppError('invalid_input', 'templateId must be a template id.', { field: 'templateId' });
  }
  return {
    fileName: file.name, bytes: file.bytes, entity: fields.entity ?? 'tickets', mode: mode as ImportMode, templateId: fields.templateId,
    mapping: fields.mapping === undefined ? undefined : parseMapping(fields.mapping), onExisting: fields.onExisting, batchSize,
  };
}

export interface ImportExportDeps {
  tickets: TicketService;
  maxUploadBytes: number;
}

export function importExportRoutes(app: App, ctx: Ctx, deps: ImportExportDeps) {
  const imports = createImportService(ctx);
  const tags = ['imports'];

  app.get('/api/v1/import-templates', {
    schema: { tags, summary: 'Saved mapping templates of the entities the caller may import', response: { 200: Type.Object({ items: Type.Array(schemas.Template) }) } },
  }, async (request) => ({ items: await imports.templates.list(request.actor) }));

  app.post('/api/v1/import-templates', {
    schema: { tags, summary: 'Save a mapping template', body: schemas.CreateTemplateBody, response: { 201: schemas.Template } },
  }, async (request, reply) => reply.status(201).send(await imports.templates.create(request.actor, request.body as TemplateInput)));

  app.get('/api/v1/import-templates/:id', {
    schema: { tags, summary: 'One mapping template', params: schemas.IdParams, response: { 200: schemas.Template } },
  }, async (request) => imports.templates.get(request.actor, request.params.id));

  app.patch('/api/v1/import-templates/:id', {
    schema: { tags, summary: 'Rename a template or change its mapping', params: schemas.IdParams, body: schemas.UpdateTemplateBody, response: { 200: schemas.Template } },
  }, async (request) => imports.templates.update(request.actor, request.params.id, request.body as Partial<TemplateInput>));

  app.delete('/api/v1/import-templates/:id', {
    schema: { tags, summary: 'Delete a template', params: schemas.IdParams },
  }, async (request, reply) => {
    await imports.templates.remove(request.actor, request.params.id);
    return reply.status(204).send();
  });

  app.post('/api/v1/imports', {
    schema: {
      tags,
      summary: 'Preview, dry-run or import tickets, devices, customers or users from an .xlsx or .csv file',
      description: `multipart/form-data: \`file\` (.xlsx, or .csv in UTF-8 with or without BOM, or GBK; at most ${deps.maxUploadBytes} bytes), `
        + '`entity` (tickets, the default; devices, customers: admin or dispatcher; users: admin), `mode` (preview: headers and the first 20 rows mapped; '
        + 'dry_run: every row checked, nothing written; import: 202 and a run to poll), `templateId` or `mapping` (a JSON array of rules), '
        + '`onExisting` (error, skip or update: a row whose device serial, customer name or email exists; the template\'s by default), '
        + '`batchSize` (1-500, default 500: all or nothing per batch).',
      consumes: ['multipart/form-data'],
      response: { 200: schemas.ImportAnswer, 202: schemas.ImportAnswer },
    },
  }, async (request, reply) => {
    // Before the upload is read: a requester's 25 MB file is refused without being buffered.
    imports.authorize(request.actor);
    const upload = await readUpload(request, deps.maxUploadBytes);
    const answer = await imports.submit(request.actor, upload);
    return reply.status(answer.mode === 'import' ? 202 : 200).send(answer);
  });

  app.get('/api/v1/imports/:id', {
    schema: { tags, summary: 'An import\'s progress: status, total, done, failed, the first 1000 errors', params: schemas.IdParams, response: { 200: schemas.ImportRun } },
  }, async (request) => imports.progress(request.actor, request.params.id));

  exportRoutes(app, ctx, deps.tickets);
}
