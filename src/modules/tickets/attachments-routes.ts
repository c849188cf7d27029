/** HTTP routes of ticket attachments: multipart upload, the list, and a download that cannot run. */
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { StoredBlob } from '../../platform/blobs.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { App } from '../../platform/http/server.ts';
import { sendStoredFile } from '../../platform/http/stored-file.ts';
import type { AttachmentService, Upload } from './attachments.ts';
import { ATTACHMENT_KINDS, type AttachmentKind } from './attachments-store.ts';
import type { TicketService } from './index.ts';
import { Id, Nullable } from './schemas.ts';

export const AttachmentSchema = Type.Object({
  id: Id,
  sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  size: Type.Integer({ description: 'Bytes' }),
  mime: Type.String({ description: 'Sniffed from the bytes, never taken from the client' }),
  name: Type.String(),
  kind: Type.Enum([...ATTACHMENT_KINDS]),
  createdAt: Type.String({ format: 'date-time' }),
  uploadedBy: Nullable(Id),
  fromTicketId: Type.Optional(Id),
  fromTicketNumber: Type.Optional(Type.String()),
});

const isKind = (value: string): value is AttachmentKind => (ATTACHMENT_KINDS as readonly string[]).includes(value);

/**
 * Reads the multipart body: the `file` part streams into the blob store, `kind` may come
 * before or after it. Whatever goes wrong after the bytes are stored, they do not stay behind.
 */
async function receiveUpload(request: FastifyRequest, attachments: AttachmentService, maxBytes: number): Promise<Upload> {
  let blob: StoredBlob | undefined;
  let fileName: string | undefined;
  let kind: AttachmentKind | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') {
          part.file.resume();
          throw new AppError('invalid_input', `Unexpected file part "${part.fieldname}": send the file in a part named "file".`, { field: part.fieldname });
        }
        fileName = part.filename;
        blob = await attachments.receive(part.file, maxBytes);
      } else if (part.fieldname === 'kind') {
        const value = String(part.value).trim();
        if (!isKind(value)) {
          throw new AppError('invalid_input', `kind must be one of ${ATTACHMENT_KINDS.join(', ')}; got "${value}".`, { field: 'kind' });
        }
        kind = value;
      } else if (part.fieldname === 'file') {
        throw new AppError('invalid_input', 'The "file" part has no filename, so it arrived as a text field: send it as a file.', { field: 'file' });
      }
    }
  } catch (error) {
    if (blob) await attachments.discard(blob.sha256);
    if ((error as { code?: string }).code === 'FST_FILES_LIMIT') {
      throw new AppError('payload_too_large', 'Send one file per request.', { maxFiles: 1 });
    }
    throw error;
  }
  if (!blob) throw new AppError('invalid_input', 'No file: send it as multipart/form-data in a part named "file".', { field: 'file' });
  return { blob, fileName, kind };
}

export function attachmentRoutes(app: App, _ctx: Ctx, tickets: TicketService, options: { maxUploadBytes: number }) {
  const { attachments } = tickets;

  app.post('/api/v1/tickets/:id/attachments', {
    schema: {
      tags: ['tickets'],
      summary: 'Attach a file to a ticket',
      description: `multipart/form-data with a part \`file\` (at most ${options.maxUploadBytes} bytes) and an optional field \`kind\` `
        + `(${ATTACHMENT_KINDS.join(', ')}; by default from the file's content: images are photos, audio is audio, the rest documents). `
        + 'The type is read from the bytes; a file whose content contradicts its extension is refused with 415 mime_mismatch.',
      consumes: ['multipart/form-data'],
      params: Type.Object({ id: Id }),
      response: { 201: AttachmentSchema },
    },
  }, async (request, reply) => {
    if (!request.isMultipart()) {
      throw new AppError('unsupported_media_type', 'Send the file as multipart/form-data, in a part named "file".');
    }
    await attachments.checkCanUpload(request.actor, request.params.id);
    const upload = await receiveUpload(request, attachments, options.maxUploadBytes);
    return reply.status(201).send(await attachments.attach(request.actor, request.params.id, upload));
  });

  app.get('/api/v1/tickets/:id/attachments', {
    schema: {
      tags: ['tickets'],
      summary: 'A ticket\'s attachments, oldest first, with those of duplicates merged into it (marked fromTicketId)',
      params: Type.Object({ id: Id }),
      response: { 200: Type.Object({ items: Type.Array(AttachmentSchema) }) },
    },
  }, async (request) => ({ items: await attachments.list(request.actor, request.params.id) }));

  app.get('/api/v1/attachments/:id/content', {
    schema: {
      tags: ['tickets'],
      summary: 'The bytes of an attachment',
      description: 'Raster images, audio and PDF are shown inline as their sniffed type; everything else (HTML, SVG, XML, '
        + 'text, unknown) is a download of application/octet-stream.',
      produces: ['application/octet-stream'],
      params: Type.Object({ id: Id }),
    },
  }, async (request, reply) => {
    const { attachment, content } = await attachments.open(request.actor, request.params.id);
    return sendStoredFile(request, reply, attachment, content);
  });
}
