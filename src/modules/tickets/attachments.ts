/**
 * Ticket attachments: site photos, voice notes, evidence and documents. The bytes stream into
 * the content-addressed blob store; what they are is sniffed from them, never taken from the
 * client; the row and its `attachment_added` event commit together. An attachment belongs to
 * its ticket's history: no transition touches it, and a ticket merged as a duplicate lends its
 * attachments to the ticket it was merged into.
 */
import type { Readable } from 'node:stream';
import type { BlobStore, StoredBlob } from '../../platform/blobs.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { cleanFileName, nameContradicts, sniff, type Sniffed } from '../../platform/sniff.ts';
import * as store from './attachments-store.ts';
import type { Attachment, AttachmentKind } from './attachments-store.ts';
import type { TicketState } from './model.ts';
import { canSee, visibilityOf, type TicketCore } from './service.ts';
import * as ticketStore from './store.ts';

export interface AttachmentView {
  id: string;
  sha256: string;
  size: number;
  mime: string;
  name: string;
  kind: AttachmentKind;
  createdAt: string;
  uploadedBy: string | null;
  /** Set when the attachment came with a duplicate that was merged into the listed ticket. */
  fromTicketId?: string;
  fromTicketNumber?: string;
}

export interface Upload {
  blob: StoredBlob;
  /** The client's file name, as sent; cleaned here. */
  fileName?: string;
  kind?: AttachmentKind;
}

function toView(attachment: Attachment, from?: TicketState): AttachmentView {
  return {
    id: attachment.id, sha256: attachment.sha256, size: attachment.size, mime: attachment.mime, name: attachment.name,
    kind: attachment.kind, createdAt: attachment.createdAt.toISOString(), uploadedBy: attachment.uploadedBy,
    ...(from && { fromTicketId: from.id, fromTicketNumber: from.number }),
  };
}

const defaultKind = (sniffed: Sniffed): AttachmentKind =>
  sniffed.family === 'image' ? 'photo' : sniffed.family === 'audio' ? 'audio' : 'document';

/** Requesters see their own tickets only, and so never another requester's files, even through a merge. */
const isRequester = (actor: Actor) => visibilityOf(actor).kind === 'requester';

/**
 * Staff may add to a ticket in any status (the photo of a closed repair still belongs to its
 * record). A requester adds to a closed or withdrawn ticket only after reopening it; a report
 * merged as a duplicate still takes its requester's photos, which show on the ticket it joined.
 */
function checkMayAdd(actor: Actor, ticket: TicketState): void {
  if (!isRequester(actor)) return;
  if (ticket.status === 'closed' || (ticket.status === 'cancelled' && !ticket.duplicateOfId)) {
    throw new AppError('illegal_transition', `The ticket is ${ticket.status} and takes no more files from its requester; reopen it first.`,
      { status: ticket.status });
  }
}

export function createAttachmentService(ctx: Ctx, core: TicketCore, blobs: BlobStore) {
  /** Answers 404 or 409 before any bytes are stored, when the ticket cannot take the file anyway. */
  async function checkCanUpload(actor: Actor, ticketId: string): Promise<void> {
    checkMayAdd(actor, await core.loadVisible(ctx.db, actor, ticketId));
  }

  /** Streams a file into the blob store (413 past maxBytes, keeping nothing). */
  function receive(file: Readable, maxBytes: number): Promise<StoredBlob> {
    return blobs.write(file, { maxBytes });
  }

  /** Removes a stored blob that no attachment references: the leftovers of a refused upload. */
  async function discard(sha256: string): Promise<void> {
    await ctx.db.transaction().execute(async (trx) => {
      await store.lockBlob(trx, sha256);
      if (!(await store.isBlobReferenced(trx, sha256))) await blobs.remove(sha256);
    });
  }

  /** Records a received blob on a ticket; if it is refused, the blob goes unless another row holds it. */
  async function attach(actor: Actor, ticketId: string, upload: Upload): Promise<AttachmentView> {
    try {
      return await record(actor, ticketId, upload);
    } catch (error) {
      await discard(upload.blob.sha256);
      throw error;
    }
  }

  async function record(actor: Actor, ticketId: string, { blob, fileName, kind }: Upload): Promise<AttachmentView> {
    if (blob.size === 0) throw new AppError('invalid_input', 'The file is empty.', { field: 'file' });
    const sniffed = sniff(blob.head, { complete: blob.size <= blob.head.length });
    const name = cleanFileName(fileName, sniffed.mime);
    const contradiction = nameContradicts(name, sniffed);
    if (contradiction) {
      throw new AppError('mime_mismatch',
        `"${name}" is named as ${contradiction.expected} (.${contradiction.extension}) but its content is ${sniffed.mime}.`,
        { name, expected: contradiction.expected, extension: contradiction.extension, actual: sniffed.mime });
    }
    return ctx.db.transaction().execute(async (trx) => {
      // Locked, so a close or cancel cannot slip between the check and the row.
      const ticket = await core.loadVisible(trx, actor, ticketId, true);
      checkMayAdd(actor, ticket);
      await store.lockBlob(trx, blob.sha256);
      if (!blobs.exists(blob.sha256)) {
        // Another upload of the same bytes was refused at this very moment and took the blob with it.
        throw new AppError('version_conflict', 'The file was lost to a concurrent upload of the same bytes; send it again.');
      }
      const now = ctx.clock.now();
      const attachment: Attachment = {
        id: uuidv7(now.getTime()), ticketId: ticket.id, sha256: blob.sha256, size: blob.size, mime: sniffed.mime, name,
        kind: kind ?? defaultKind(sniffed), uploadedBy: actor.userId, createdAt: now,
      };
      await store.insertAttachment(trx, actor.tenantId, attachment);
      await ticketStore.appendEvents(trx, actor.tenantId, ticket.id, actor.userId, now, [{
        type: 'attachment_added',
        data: { attachmentId: attachment.id, name, mime: attachment.mime, size: attachment.size, kind: attachment.kind, sha256: attachment.sha256 },
      }]);
      return toView(attachment);
    });
  }

  /** A ticket's attachments, oldest first, with those of the duplicates merged into it. */
  async function list(actor: Actor, ticketId: string): Promise<AttachmentView[]> {
    const ticket = await core.loadVisible(ctx.db, actor, ticketId);
    const familyIds = await store.ticketWithDuplicates(ctx.db, actor.tenantId, ticket.id);
    const duplicates = await ticketStore.getTicketsByIds(ctx.db, actor.tenantId, familyIds.filter((id) => id !== ticket.id));
    const visibleDuplicates = new Map(duplicates
      .filter((duplicate) => !isRequester(actor) || canSee(actor, duplicate))
      .map((duplicate) => [duplicate.id, duplicate]));
    const attachments = await store.listAttachments(ctx.db, actor.tenantId, [ticket.id, ...visibleDuplicates.keys()]);
    return attachments.map((attachment) => toView(attachment, visibleDuplicates.get(attachment.ticketId)));
  }

  /** Whether the caller may see a ticket's files: its own, or (staff) through a ticket it was merged into. */
  async function maySeeFilesOf(actor: Actor, ticketId: string): Promise<boolean> {
    const ticket = await ticketStore.getTicket(ctx.db, actor.tenantId, ticketId);
    if (!ticket) return false;
    if (canSee(actor, ticket)) return true;
    if (isRequester(actor)) return false;
    const originals = await ticketStore.getTicketsByIds(ctx.db, actor.tenantId, await store.mergedInto(ctx.db, actor.tenantId, ticketId));
    return originals.some((original) => canSee(actor, original));
  }

  /** One attachment and a stream of its bytes; 404 when absent, another tenant's, or not the caller's to see. */
  async function open(actor: Actor, id: string): Promise<{ attachment: AttachmentView; content: () => Readable }> {
    const attachment = await store.getAttachment(ctx.db, actor.tenantId, id);
    if (!attachment || !(await maySeeFilesOf(actor, attachment.ticketId))) {
      throw new AppError('not_found', 'Attachment not found.', { id });
    }
    if (!blobs.exists(attachment.sha256)) {
      throw new Error(`The blob ${attachment.sha256} of attachment ${attachment.id} is missing from the blob store.`);
    }
    return { attachment: toView(attachment), content: () => blobs.createReadStream(attachment.sha256) };
  }

  return { checkCanUpload, receive, discard, attach, list, open };
}

export type AttachmentService = ReturnType<typeof createAttachmentService>;
