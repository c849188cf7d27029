/**
 * Sending a new ticket: the ticket first (with an Idempotency-Key, so a double tap or a retry
 * after a lost answer gives the same ticket), then its photos and voice notes one by one, each
 * remembered once uploaded so "upload again" sends only what is missing.
 */
import { useCallback, useRef, useState } from 'react';
import { ApiError, post, upload } from '../../shared/api.ts';
import type { Ticket } from '../../shared/types.ts';

export interface PendingFile {
  localId: string;
  blob: Blob;
  name: string;
  kind: 'photo' | 'audio';
  /** An object URL for the preview; revoked when the file is removed or the draft ends. */
  url: string;
}

export interface CreateTicketBody {
  description: string;
  type?: string;
  fields?: Record<string, unknown>;
  location?: { lat: number; lng: number; address?: string };
  deviceId?: string;
  channel: 'web';
}

export type UploadState = { status: 'pending' | 'uploading' | 'done' } | { status: 'failed'; message: string };

/** A random UUID (v4 layout) that works outside secure contexts too, where crypto.randomUUID is absent. */
export function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function useTicketSubmission() {
  // One key per body: the same draft sent twice is one ticket; the server answers 409 to the
  // same key with another body, so an edited draft gets a new key.
  const keyFor = useRef<{ body: string; key: string } | null>(null);
  const busy = useRef(false);
  const [ticket, setTicket] = useState<Ticket | null>(null);
  const [files, setFiles] = useState<PendingFile[]>([]);
  const [uploads, setUploads] = useState<Record<string, UploadState>>({});
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<ApiError | Error | null>(null);

  const uploadMissing = useCallback(async (created: Ticket, toSend: PendingFile[], known: Record<string, UploadState>) => {
    const states = { ...known };
    // One after another, so the ticket lists them in the order they were taken.
    for (const file of toSend) {
      if (states[file.localId]?.status === 'done') continue;
      states[file.localId] = { status: 'uploading' };
      setUploads({ ...states });
      try {
        await upload(`/tickets/${created.id}/attachments`, file.blob, file.name, { kind: file.kind });
        states[file.localId] = { status: 'done' };
      } catch (failure) {
        states[file.localId] = { status: 'failed', message: messageOf(failure) };
      }
      setUploads({ ...states });
    }
  }, []);

  const submit = useCallback(async (body: CreateTicketBody, attachments: PendingFile[]) => {
    if (busy.current) return;
    busy.current = true;
    setSending(true);
    setError(null);
    try {
      const text = JSON.stringify(body);
      if (keyFor.current?.body !== text) keyFor.current = { body: text, key: randomKey() };
      const created = await post<Ticket>('/tickets', body, { 'Idempotency-Key': keyFor.current.key });
      const initial = Object.fromEntries(attachments.map((file) => [file.localId, { status: 'pending' } as UploadState]));
      setFiles(attachments);
      setUploads(initial);
      setTicket(created);
      await uploadMissing(created, attachments, initial);
    } catch (failure) {
      setError(failure instanceof Error ? failure : new Error(messageOf(failure)));
    } finally {
      busy.current = false;
      setSending(false);
    }
  }, [uploadMissing]);

  const retryUploads = useCallback(async () => {
    if (!ticket || busy.current) return;
    busy.current = true;
    try {
      await uploadMissing(ticket, files, uploads);
    } finally {
      busy.current = false;
    }
  }, [ticket, files, uploads, uploadMissing]);

  const reset = useCallback(() => {
    keyFor.current = null;
    setTicket(null);
    setFiles([]);
    setUploads({});
    setError(null);
  }, []);

  return { submit, retryUploads, reset, ticket, files, uploads, sending, error };
}
