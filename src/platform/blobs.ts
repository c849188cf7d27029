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

export interface StoredBlob {
  sha256: string;
  size: number;
  /** The first bytes, for sniffing what the file really is. */
  head: Buffer;
}

const HEAD_BYTES = 4100;

export class BlobStore {
  constructor(readonly root: string) {}

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a sha256');
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /** Streams a body into the store; on any error (too large, aborted) nothing is kept. */
  async write(source: Readable): Promise<StoredBlob> {
    const tmpDir = path.join(this.root, 'tmp');
    await fs.promises.mkdir(tmpDir, { recursive: true });
    const tmp = path.join(tmpDir, `${Date.now()}-${randomBytes(8).toString('hex')}`);
    const hash = createHash('sha256');
    const headChunks: Buffer[] = [];
    let headLength = 0;
    let size = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        size += chunk.length;
        if (headLength < HEAD_BYTES) {
          headChunks.push(chunk.subarray(0, HEAD_BYTES - headLength));
          headLength += Math.min(chunk.length, HEAD_BYTES - headLength);
        }
        callback(null, chunk);
      },
    });
    try {
      await pipeline(source, tap, fs.createWriteStream(tmp, { flags: 'wx' }));
      // A size-limited multipart stream ends early instead of failing: the caller checks `truncated`.
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
}
