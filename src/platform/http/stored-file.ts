/** Serving stored bytes that a user uploaded, so that nothing of them can run in our origin. */
import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { contentDisposition, servingPolicy } from '../sniff.ts';

export interface StoredFile {
  sha256: string;
  size: number;
  /** Sniffed from the bytes at upload, never the client's claim. */
  mime: string;
  name: string;
}

/**
 * Sends `content` as its sniffed type when that is safe to render inline and as a download of
 * opaque bytes otherwise, with no sniffing by the browser, a private cache and the blob's hash
 * as its ETag (a matching If-None-Match answers 304).
 */
export function sendStoredFile(request: FastifyRequest, reply: FastifyReply, file: StoredFile, content: () => Readable): FastifyReply {
  const policy = servingPolicy(file.mime);
  const etag = `"${file.sha256}"`;
  reply
    .header('Content-Type', policy.contentType)
    .header('Content-Disposition', contentDisposition(policy.disposition, file.name))
    .header('X-Content-Type-Options', 'nosniff')
    .header('Cache-Control', 'private, max-age=3600')
    .header('ETag', etag);
  // A sandboxed document cannot script anything of ours. Browsers refuse to run their PDF
  // viewer in a sandbox, though, so an inline PDF goes without it: it is served as
  // application/pdf with nosniff, which no browser renders as a page.
  if (!(policy.contentType === 'application/pdf' && policy.disposition === 'inline')) {
    reply.header('Content-Security-Policy', 'sandbox');
  }
  if (request.headers['if-none-match'] === etag) return reply.status(304).send();
  return reply.header('Content-Length', file.size).send(content());
}
