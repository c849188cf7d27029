/**
 * What a customer does with a verification link, without a login: read the summary of the
 * repair, see its photos, and answer once. A token that fails its signature is unknown; one
 * whose row is used or past its expiry, or whose ticket no longer waits, is refused: none of
 * these changes anything.
 *
 * Single use under concurrency: an answer locks the ticket, then the link, checks, verifies and
 * uses up every link of the ticket in one transaction, so of two answers at once exactly one
 * changes the ticket and the other finds the link used. The ticket is locked first because
 * using up the ticket's other links happens while the ticket is held: taking a link first would
 * let two answers through two links of one ticket wait on each other.
 */
import type { Readable } from 'node:stream';
import type { Ctx, Db } from '../../platform/context.ts';
import { servingPolicy } from '../../platform/sniff.ts';
import { getTenant, getUser } from '../directory/index.ts';
import { getAttachment, listAttachments, type Attachment, type TicketState } from '../tickets/index.ts';
import type { ClosureDeps } from './deps.ts';
import { isAwaitingReview } from './reviews.ts';
import { readToken } from './tokens.ts';
import { linkState, type LinkRow, type LinkState, type VerifyResult } from './verification-model.ts';
import type { VerificationSummary } from './verification-page.ts';
import * as store from './verification-store.ts';

/** Why a link cannot be used: forged or unknown, or one of the states that are not open. */
export type Refusal = { kind: 'unknown' } | Exclude<LinkState, { kind: 'open' }>;

export interface Answered {
  kind: 'answered';
  ticketId: string;
  number: string;
  result: VerifyResult;
  status: TicketState['status'];
}

interface Found {
  tenantId: string;
  link: LinkRow;
  ticket: TicketState;
}

/** Photos the page shows: images a browser renders safely (no SVG, nothing sniffed as something else). */
const isPhoto = (attachment: Attachment) => attachment.mime.startsWith('image/') && servingPolicy(attachment.mime).contentType === attachment.mime;

export const photoUrl = (token: string, attachmentId: string) => `/api/v1/public/verifications/${token}/attachments/${attachmentId}`;

export function createPublicVerification(ctx: Ctx, deps: ClosureDeps) {
  /** The token's link and ticket when the link can be answered now, else why not. */
  async function find(db: Db, token: string, lock: boolean): Promise<Found | Refusal> {
    const claims = readToken(deps.links.secret, 'verification', token);
    if (!claims) return { kind: 'unknown' };
    const { tenantId } = claims;
    const named = await store.getLink(db, tenantId, claims.id);
    if (!named) return { kind: 'unknown' };
    const ticket = await deps.system.load(db, tenantId, named.ticketId, lock);
    if (!ticket) return { kind: 'unknown' };
    const link = lock ? (await store.getLink(db, tenantId, claims.id, { forUpdate: true }))! : named;
    const state = linkState(link, ticket, await isAwaitingReview(db, tenantId, ticket.id), ctx.clock.now());
    return state.kind === 'open' ? { tenantId, link, ticket } : state;
  }

  /** What the page shows: the problem, the fix, who and when, and the photos. */
  async function summary(token: string): Promise<{ kind: 'open'; summary: VerificationSummary } | Refusal> {
    const found = await find(ctx.db, token, false);
    if (!('ticket' in found)) return found;
    const { tenantId, ticket, link } = found;
    const engineer = ticket.assigneeId ? await getUser(ctx.db, tenantId, ticket.assigneeId) : undefined;
    const photos = (await listAttachments(ctx.db, tenantId, [ticket.id])).filter(isPhoto);
    return {
      kind: 'open',
      summary: {
        number: ticket.number, title: ticket.title, description: ticket.description, solution: ticket.solution,
        engineerName: engineer?.name ?? null, resolvedAt: ticket.resolvedAt, timeZone: (await getTenant(ctx.db, tenantId)).timezone,
        photos: photos.map((photo) => ({ id: photo.id, name: photo.name, url: photoUrl(token, photo.id) })),
        expiresAt: link.expiresAt,
      },
    };
  }

  /** The customer's answer, taken as the requester's verify. */
  async function answer(token: string, input: { result: VerifyResult; comment?: string }): Promise<Answered | Refusal> {
    // Forged tokens are turned away before a transaction is opened for them.
    if (!readToken(deps.links.secret, 'verification', token)) return { kind: 'unknown' };
    return ctx.db.transaction().execute(async (trx) => {
      const found = await find(trx, token, true);
      if (!('ticket' in found)) return found;
      const { tenantId, ticket, link } = found;
      const comment = input.comment?.trim() || undefined;
      const updated = await deps.system.act(trx, tenantId, ticket.id, 'verify', { result: input.result, comment }, ctx.clock.now(), ticket.requesterId);
      await store.markAnswered(trx, tenantId, link.id);
      return { kind: 'answered', ticketId: ticket.id, number: ticket.number, result: input.result, status: updated.status };
    });
  }

  /** One evidence photo of the token's ticket, while the token can be answered; null otherwise. */
  async function photo(token: string, attachmentId: string): Promise<{ attachment: Attachment; content: () => Readable } | null> {
    const found = await find(ctx.db, token, false);
    if (!('ticket' in found)) return null;
    const attachment = await getAttachment(ctx.db, found.tenantId, attachmentId);
    if (!attachment || attachment.ticketId !== found.ticket.id || !isPhoto(attachment) || !deps.blobs.exists(attachment.sha256)) return null;
    return { attachment, content: () => deps.blobs.createReadStream(attachment.sha256) };
  }

  return { summary, answer, photo };
}

export type PublicVerification = ReturnType<typeof createPublicVerification>;
