/**
 * Issuing a customer's verification link: a row that makes it single-use, a signed token that
 * names the row, the address the customer opens, and the same address as a QR code for the
 * ticket page or a printed job sheet.
 */
import QRCode from 'qrcode';
import type { Db } from '../../platform/context.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { signToken, type LinkConfig } from './tokens.ts';
import { insertLink } from './verification-store.ts';

export interface IssuedLink {
  linkId: string;
  token: string;
  url: string;
  expiresAt: Date;
}

/** The public page of a token: `${publicUrl}/v/${token}`. */
export const verificationUrl = (links: LinkConfig, token: string): string => `${links.publicUrl.replace(/\/+$/, '')}/v/${token}`;

/**
 * A new link for the ticket, valid `hours` from now. Tokens carry whole seconds, so the row's
 * expiry is cut to the second too: the row and the token agree on when it ends.
 */
export async function issueLink(db: Db, links: LinkConfig, request: {
  tenantId: string; ticketId: string; hours: number; createdBy: string | null; now: Date;
}): Promise<IssuedLink> {
  const linkId = uuidv7(request.now.getTime());
  const expiresAt = new Date(Math.floor((request.now.getTime() + request.hours * 3_600_000) / 1000) * 1000);
  await insertLink(db, request.tenantId, { id: linkId, ticketId: request.ticketId, expiresAt, createdBy: request.createdBy, now: request.now });
  const token = signToken(links.secret, 'verification', { tenantId: request.tenantId, id: linkId, expiresAt });
  return { linkId, token, url: verificationUrl(links, token), expiresAt };
}

/**
 * The URL as an SVG QR code. Level M survives a smudge or a crease; a 72-character token keeps
 * the code small enough (version 5 or so) for a phone to read from across a desk.
 */
export function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
