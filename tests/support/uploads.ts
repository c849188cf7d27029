/** Uploads in tests: multipart/form-data bodies built by hand, and a file sent to a ticket's attachments. */
import { randomBytes } from 'node:crypto';
import type { TestApp } from './app.ts';

export type Part = { name: string; value: string } | { name: string; filename: string; content: Buffer; type?: string };

/** A multipart/form-data body built by hand, as a browser or a phone app sends it. */
export function multipart(parts: Part[]) {
  const boundary = `----loopdesk-${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n`));
    if ('filename' in part) {
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\n`
        + `Content-Type: ${part.type ?? 'application/octet-stream'}\r\n\r\n`));
      chunks.push(part.content);
    } else {
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}`));
    }
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export interface UploadedFile {
  filename: string;
  content: Buffer;
  /** The type the client claims (application/octet-stream when left out); the server sniffs its own. */
  type?: string;
  /** The attachment kind field, sent before the file when given. */
  kind?: string;
}

/** Posts one file to a ticket's attachments; the response, whatever its status. */
export function uploadFile(app: TestApp, token: string, ticketId: string, { filename, content, type, kind }: UploadedFile) {
  const parts: Part[] = [...(kind === undefined ? [] : [{ name: 'kind', value: kind }]), { name: 'file', filename, content, type }];
  return app.request('POST', `/api/v1/tickets/${ticketId}/attachments`, { token, ...multipart(parts) });
}
