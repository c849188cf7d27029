/** SQL of ticket attachments: the rows that point at content-addressed blobs. */
import { sql, type Selectable } from 'kysely';
import type { Db } from '../../platform/context.ts';
import type { AttachmentsTable } from '../../platform/db/tables.ts';

export const ATTACHMENT_KINDS = ['photo', 'audio', 'evidence', 'document'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

export interface Attachment {
  id: string;
  ticketId: string;
  sha256: string;
  size: number;
  mime: string;
  name: string;
  kind: AttachmentKind;
  uploadedBy: string | null;
  createdAt: Date;
}

function toAttachment(row: Selectable<AttachmentsTable>): Attachment {
  return {
    id: row.id, ticketId: row.ticket_id, sha256: row.sha256, size: Number(row.size), mime: row.mime, name: row.name,
    kind: row.kind as AttachmentKind, uploadedBy: row.uploaded_by, createdAt: row.created_at,
  };
}

export async function insertAttachment(db: Db, tenantId: string, attachment: Attachment): Promise<void> {
  await db.insertInto('attachments').values({
    tenant_id: tenantId, id: attachment.id, ticket_id: attachment.ticketId, sha256: attachment.sha256, size: attachment.size,
    mime: attachment.mime, name: attachment.name, kind: attachment.kind, uploaded_by: attachment.uploadedBy,
    created_at: attachment.createdAt,
  }).execute();
}

export async function getAttachment(db: Db, tenantId: string, id: string): Promise<Attachment | undefined> {
  const row = await db.selectFrom('attachments').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return row && toAttachment(row);
}

/** The attachments of some tickets, oldest first (ids are UUIDv7: id order is upload order). */
export async function listAttachments(db: Db, tenantId: string, ticketIds: string[]): Promise<Attachment[]> {
  if (!ticketIds.length) return [];
  const rows = await db.selectFrom('attachments').selectAll().where('tenant_id', '=', tenantId)
    .where('ticket_id', 'in', ticketIds).orderBy('id').execute();
  return rows.map(toAttachment);
}

/** Merges nest at most this deep; the bound also stops a cycle that a bug might leave behind. */
const MAX_MERGE_DEPTH = 8;

/**
 * A ticket and every ticket merged into it as a duplicate, directly or through another
 * duplicate: whose attachments belong on its page.
 */
export async function ticketWithDuplicates(db: Db, tenantId: string, ticketId: string): Promise<string[]> {
  const result = await sql<{ id: string }>`
    WITH RECURSIVE family (id, depth) AS (
      SELECT id, 0 FROM tickets WHERE tenant_id = ${tenantId} AND id = ${ticketId}
      UNION ALL
      SELECT ticket.id, family.depth + 1
      FROM tickets ticket JOIN family ON ticket.duplicate_of_id = family.id
      WHERE ticket.tenant_id = ${tenantId} AND family.depth < ${MAX_MERGE_DEPTH}
    )
    SELECT DISTINCT id FROM family`.execute(db);
  return result.rows.map((row) => row.id);
}

/**
 * The tickets a ticket was merged into, nearest first: whoever may see one of them may see
 * the duplicate's attachments.
 */
export async function mergedInto(db: Db, tenantId: string, ticketId: string): Promise<string[]> {
  const result = await sql<{ id: string }>`
    WITH RECURSIVE chain (id, depth) AS (
      SELECT duplicate_of_id, 1 FROM tickets
      WHERE tenant_id = ${tenantId} AND id = ${ticketId} AND duplicate_of_id IS NOT NULL
      UNION ALL
      SELECT ticket.duplicate_of_id, chain.depth + 1
      FROM tickets ticket JOIN chain ON ticket.id = chain.id
      WHERE ticket.tenant_id = ${tenantId} AND ticket.duplicate_of_id IS NOT NULL AND chain.depth < ${MAX_MERGE_DEPTH}
    )
    SELECT id FROM chain ORDER BY depth`.execute(db);
  return result.rows.map((row) => row.id);
}

// --- blob references ---------------------------------------------------------------------
// Blobs are shared by content across tenants (the store is keyed by sha256 alone), so whether a
// blob is still referenced is the one question asked of every tenant's rows.

/** The first key of the two-key advisory locks, so blob locks do not collide with other locks. */
const BLOB_LOCK_SPACE = 0x61747463; // "attc"

/**
 * Held to the end of the transaction. Serialises "is this blob referenced? then delete it"
 * against "does it exist? then reference it".
 */
export async function lockBlob(db: Db, sha256: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${BLOB_LOCK_SPACE}, hashtext(${sha256}))`.execute(db);
}

export async function isBlobReferenced(db: Db, sha256: string): Promise<boolean> {
  const row = await db.selectFrom('attachments').select('id').where('sha256', '=', sha256).limit(1).executeTakeFirst();
  return !!row;
}
