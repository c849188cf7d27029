/**
 * Content-addressed blobs under DATA_DIR/blobs: a file's name is its sha256, so the same bytes
 * are stored once and never change. Uploads stream to a temporary file while being hashed,
 * then move into place; a blob that any row references is never deleted.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from './errors.ts';

export interface StoredBlob {
  sha256: string;
  size: number;
  /** The first bytes, for sniffing what the file really is. */
  head: Buffer;
}

/** Enough for magic numbers, and for the first entry names of a zip (which tell .docx from .xlsx). */
const HEAD_BYTES = 16 * 1024;

export interface WriteOptions {
  /** Refuse (413) a body larger than this; nothing of it is kept. */
  maxBytes?: number;
}

const tooLarge = (maxBytes: number) =>
  new AppError('payload_too_large', `The file is larger than the limit of ${formatBytes(maxBytes)}.`, { maxBytes });

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

export class BlobStore {
  constructor(readonly root: string) {}

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a sha256');
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /** Streams a body into the store; on any error (too large, aborted) nothing is kept. */
  async write(source: Readable, options: WriteOptions = {}): Promise<StoredBlob> {
    const { maxBytes } = options;
    const tmpDir = path.join(this.root, 'tmp');
    await fs.promises.mkdir(tmpDir, { recursive: true });
    const tmp = path.join(tmpDir, `${Date.now()}-${randomBytes(8).toString('hex')}`);
    const hash = createHash('sha256');
    const headChunks: Buffer[] = [];
    let headLength = 0;
    let size = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        size += chunk.length;
        if (maxBytes !== undefined && size > maxBytes) {
          callback(tooLarge(maxBytes));
          return;
        }
        hash.update(chunk);
        if (headLength < HEAD_BYTES) {
          headChunks.push(chunk.subarray(0, HEAD_BYTES - headLength));
          headLength += Math.min(chunk.length, HEAD_BYTES - headLength);
        }
        callback(null, chunk);
      },
    });
    try {
      await pipeline(source, tap, fs.createWriteStream(tmp, { flags: 'wx' }));
      // A size-limited multipart stream ends early instead of failing and says so in `truncated`:
      // it must be refused here, before the partial file takes a content address.
      if ((source as { truncated?: boolean }).truncated) throw tooLarge(maxBytes ?? size);
      const sha256 = hash.digest('hex');
      const target = this.pathOf(sha256);
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      await fs.promises.rename(tmp, target);
      return { sha256, size, head: Buffer.concat(headChunks) };
    } catch (error) {
      await fs.promises.rm(tmp, { force: true });
      throw error;
    }
  }

  createReadStream(sha256: string): fs.ReadStream {
    return fs.createReadStream(this.pathOf(sha256));
  }

  exists(sha256: string): boolean {
    return fs.existsSync(this.pathOf(sha256));
  }

  /** Deletes a blob. Only for a caller that has made sure no row references it, under a lock. */
  async remove(sha256: string): Promise<void> {
    await fs.promises.rm(this.pathOf(sha256), { force: true });
  }
}
