import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlobStore } from './blobs.ts';

let root: string;
let blobs: BlobStore;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'loopdesk-blobs-'));
  blobs = new BlobStore(root);
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const tmpFiles = () => fs.readdirSync(path.join(root, 'tmp'));
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('BlobStore.write', () => {
  it('stores bytes under their sha256 and returns their head', async () => {
    const content = Buffer.from('主轴异响的录音'.repeat(5000));
    const blob = await blobs.write(Readable.from([content.subarray(0, 1000), content.subarray(1000)]));
    expect(blob).toMatchObject({ sha256: sha256(content), size: content.length });
    expect(blob.head).toEqual(content.subarray(0, blob.head.length));
    expect(blob.head.length).toBeGreaterThanOrEqual(4096);
    expect(fs.readFileSync(blobs.pathOf(blob.sha256))).toEqual(content);
    expect(tmpFiles()).toEqual([]);
  });

  it('refuses a body over maxBytes and keeps nothing of it', async () => {
    const content = Buffer.alloc(2000, 1);
    await expect(blobs.write(Readable.from([content]), { maxBytes: 1999 })).rejects.toMatchObject({ code: 'payload_too_large' });
    expect(tmpFiles()).toEqual([]);
    expect(fs.readdirSync(root)).toEqual(['tmp']);
  });

  it('refuses a stream that a size limit cut short, before the partial bytes take an address', async () => {
    // What a multipart parser hands over when the file passes its limit: the first bytes, then a normal end.
    const truncated = Object.assign(Readable.from([Buffer.alloc(1024, 2)]), { truncated: true });
    await expect(blobs.write(truncated, { maxBytes: 1024 })).rejects.toMatchObject({ code: 'payload_too_large', details: { maxBytes: 1024 } });
    expect(tmpFiles()).toEqual([]);
    expect(blobs.exists(sha256(Buffer.alloc(1024, 2)))).toBe(false);
  });

  it('accepts a body of exactly maxBytes', async () => {
    const blob = await blobs.write(Readable.from([Buffer.alloc(1024, 3)]), { maxBytes: 1024 });
    expect(blob.size).toBe(1024);
    expect(blobs.exists(blob.sha256)).toBe(true);
  });
});
