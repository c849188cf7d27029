/** Photos and files taken for the checklist, made ready for the outbox. */
import type { ChangeOp } from '../offline/changes.ts';
import type { StoredFile } from '../offline/outbox.ts';
import { newId } from '../offline/sync.ts';

async function sha256Of(blob: Blob): Promise<string | null> {
  // crypto.subtle exists on HTTPS and localhost only; without it a retry matches the upload by its size.
  if (!globalThis.crypto?.subtle) return null;
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The upload and the tick it proves, with the file to keep until the server has it. */
export async function evidenceChanges(file: File, item: { key: string; label: string }): Promise<{ ops: ChangeOp[]; files: StoredFile[] }> {
  const fileId = newId();
  const name = file.name || `${item.key}.jpg`;
  const stored: StoredFile = { id: fileId, blob: file, name };
  return {
    files: [stored],
    ops: [
      { kind: 'upload', fileId, name, size: file.size, sha256: await sha256Of(file) },
      { kind: 'tick', key: item.key, label: item.label, fileIds: [fileId] },
    ],
  };
}
