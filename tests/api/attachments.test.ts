import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createTenant, type TestTenant } from '../support/factories.ts';
import { multipart, uploadFile, type UploadedFile } from '../support/uploads.ts';

// Small enough that a too-large upload costs nothing to send.
const MAX_UPLOAD_BYTES = 1024;

/** A real 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
/** A real 1×1 baseline JPEG. */
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/'
  + 'wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AVN//2Q==', 'base64');
const HTML = Buffer.from('<!DOCTYPE html><html><body><script>fetch("/api/v1/me")</script></body></html>');

let app: TestApp;
let t: TestTenant;
let other: TestTenant;
beforeAll(async () => {
  app = await startTestApp({ config: { maxUploadBytes: MAX_UPLOAD_BYTES } });
  [t, other] = await Promise.all([createTenant(app), createTenant(app)]);
});
afterAll(() => app.close());

const upload = (token: string, ticketId: string, filename: string, content: Buffer, options: Pick<UploadedFile, 'kind' | 'type'> = {}) =>
  uploadFile(app, token, ticketId, { filename, content, ...options });

async function download(token: string, id: string, headers: Record<string, string> = {}) {
  const response = await app.app.inject({ method: 'GET', url: `/api/v1/attachments/${id}/content`, headers: { authorization: `Bearer ${token}`, ...headers } });
  return { status: response.statusCode, headers: response.headers, bytes: response.rawPayload };
}

const list = (token: string, ticketId: string) => app.request('GET', `/api/v1/tickets/${ticketId}/attachments`, { token });

/** Random Chinese text: no two reports alike, so none is taken for a duplicate of another. */
const randomReport = () => Array.from({ length: 16 }, () => String.fromCodePoint(0x4e00 + randomInt(0x5000))).join('');

async function newTicket(token: string, description = randomReport()) {
  const created = await app.request('POST', '/api/v1/tickets', { token, body: { description } });
  expect(created.status).toBe(201);
  return created.body as { id: string; number: string; status: string };
}

const act = (token: string, ticketId: string, action: string, body: object = {}) =>
  app.request('POST', `/api/v1/tickets/${ticketId}/actions/${action}`, { token, body });

async function rowsOf(ticketId: string) {
  return app.ctx.db.selectFrom('attachments').selectAll().where('ticket_id', '=', ticketId).execute();
}

async function eventTypes(ticketId: string) {
  const events = await app.request('GET', `/api/v1/tickets/${ticketId}/events`, { token: t.admin.token });
  return (events.body.items as { type: string }[]).map((event) => event.type);
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const blobPath = (bytes: Buffer) => app.services.blobs.pathOf(sha256(bytes));
const tmpFiles = () => {
  const dir = path.join(app.config.dataDir, 'blobs', 'tmp');
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
};
/** Bytes no other test uploads, so whether their blob exists says something. */
const unique = (content: Buffer) => Buffer.concat([content, Buffer.from(`<!-- ${randomBytes(6).toString('hex')} -->`)]);

describe('uploading and downloading', () => {
  it('stores a photo by its sha256 and gives the same bytes back with safe headers', async () => {
    const ticket = await newTicket(t.requester.token);
    const created = await upload(t.requester.token, ticket.id, '现场照片.png', PNG, { type: 'text/html' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      sha256: sha256(PNG), size: PNG.length, mime: 'image/png', name: '现场照片.png', kind: 'photo', uploadedBy: t.requester.id,
    });
    expect(fs.readFileSync(blobPath(PNG))).toEqual(PNG);

    const got = await download(t.requester.token, created.body.id);
    expect(got.status).toBe(200);
    expect(Buffer.compare(got.bytes, PNG)).toBe(0);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.headers['content-length']).toBe(String(PNG.length));
    expect(got.headers['content-disposition']).toBe(`inline; filename="____.png"; filename*=UTF-8''${encodeURIComponent('现场照片.png')}`);
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.headers['content-security-policy']).toBe('sandbox');
    expect(got.headers['cache-control']).toMatch(/^private/);

    const cached = await download(t.requester.token, created.body.id, { 'if-none-match': String(got.headers.etag) });
    expect(cached.status).toBe(304);
    expect(cached.bytes.length).toBe(0);
  });

  it('records an attachment_added event with the row', async () => {
    const ticket = await newTicket(t.requester.token);
    const created = await upload(t.requester.token, ticket.id, 'IMG_0001.jpg', JPEG);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ mime: 'image/jpeg', kind: 'photo' });
    const events = await app.request('GET', `/api/v1/tickets/${ticket.id}/events`, { token: t.requester.token });
    expect(events.body.items.at(-1)).toMatchObject({
      type: 'attachment_added', actorId: t.requester.id,
      data: { attachmentId: created.body.id, name: 'IMG_0001.jpg', mime: 'image/jpeg', size: JPEG.length, kind: 'photo', sha256: sha256(JPEG) },
    });
  });

  it('takes the kind from the form, before or after the file, and refuses an unknown one', async () => {
    const ticket = await newTicket(t.requester.token);
    const before = await upload(t.requester.token, ticket.id, 'nameplate.png', PNG, { kind: 'evidence' });
    expect(before.body.kind).toBe('evidence');
    const after = await app.request('POST', `/api/v1/tickets/${ticket.id}/attachments`, {
      token: t.requester.token, ...multipart([{ name: 'file', filename: 'nameplate.png', content: PNG }, { name: 'kind', value: 'document' }]),
    });
    expect(after.body.kind).toBe('document');
    const wrong = await upload(t.requester.token, ticket.id, 'nameplate.png', PNG, { kind: 'selfie' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details).toEqual({ field: 'kind' });
    expect(await rowsOf(ticket.id)).toHaveLength(2);
  });

  it('names a file without a name after its type, and strips paths and control characters', async () => {
    const ticket = await newTicket(t.requester.token);
    const unnamed = await upload(t.requester.token, ticket.id, '', PNG);
    expect(unnamed.body.name).toBe('附件.png');
    const pathy = await upload(t.requester.token, ticket.id, 'C:\\Users\\张三\\桌面\\铭牌\u202e.png', PNG);
    expect(pathy.body.name).toBe('铭牌.png');
  });

  it('accepts a file of exactly the limit', async () => {
    const ticket = await newTicket(t.requester.token);
    const content = Buffer.alloc(MAX_UPLOAD_BYTES, 'a');
    const created = await upload(t.requester.token, ticket.id, '日志.txt', content);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ size: MAX_UPLOAD_BYTES, mime: 'text/plain', kind: 'document' });
  });
});

describe('refusals', () => {
  it('refuses HTML disguised as a photo: 415, no row, no event, no blob', async () => {
    const ticket = await newTicket(t.requester.token);
    const disguised = unique(HTML);
    const refused = await upload(t.requester.token, ticket.id, 'photo.jpg', disguised, { type: 'image/jpeg' });
    expect(refused.status).toBe(415);
    expect(refused.body.error).toMatchObject({ code: 'mime_mismatch', details: { name: 'photo.jpg', expected: 'an image', actual: 'text/html' } });
    expect(refused.body.error.message).toContain('text/html');
    expect(await rowsOf(ticket.id)).toHaveLength(0);
    expect(await eventTypes(ticket.id)).toEqual(['created']);
    expect(fs.existsSync(blobPath(disguised))).toBe(false);
  });

  it('refuses a PNG named .pdf but keeps its blob while another attachment uses it', async () => {
    const ticket = await newTicket(t.requester.token);
    expect((await upload(t.requester.token, ticket.id, 'a.png', PNG)).status).toBe(201);
    const refused = await upload(t.requester.token, ticket.id, 'report.pdf', PNG);
    expect(refused.status).toBe(415);
    expect(refused.body.error.details).toMatchObject({ expected: 'a PDF', actual: 'image/png' });
    expect(await rowsOf(ticket.id)).toHaveLength(1);
    expect(fs.existsSync(blobPath(PNG))).toBe(true);
  });

  it('stores an .html file but only ever hands it out as an opaque download', async () => {
    const ticket = await newTicket(t.requester.token);
    const created = await upload(t.requester.token, ticket.id, '说明.html', HTML, { type: 'text/html' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ mime: 'text/html', kind: 'document' });
    const got = await download(t.dispatcher.token, created.body.id);
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('application/octet-stream');
    expect(got.headers['content-disposition']).toMatch(/^attachment; /);
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.headers['content-security-policy']).toBe('sandbox');
    expect(Buffer.compare(got.bytes, HTML)).toBe(0);
  });

  it('answers 413 past the size limit and leaves no temporary file and no row', async () => {
    const ticket = await newTicket(t.requester.token);
    const tooLarge = Buffer.concat([PNG, randomBytes(MAX_UPLOAD_BYTES)]);
    const refused = await upload(t.requester.token, ticket.id, 'big.png', tooLarge);
    expect(refused.status).toBe(413);
    expect(refused.body.error.code).toBe('payload_too_large');
    expect(await rowsOf(ticket.id)).toHaveLength(0);
    expect(tmpFiles()).toEqual([]);
    expect(fs.existsSync(blobPath(tooLarge))).toBe(false);
    expect(fs.existsSync(blobPath(tooLarge.subarray(0, MAX_UPLOAD_BYTES)))).toBe(false);
  });

  it('refuses an empty file, a missing file part and a body that is not multipart', async () => {
    const ticket = await newTicket(t.requester.token);
    const empty = await upload(t.requester.token, ticket.id, 'empty.png', Buffer.alloc(0));
    expect(empty.status).toBe(400);
    expect(empty.body.error).toMatchObject({ code: 'invalid_input', details: { field: 'file' } });
    expect(fs.existsSync(blobPath(Buffer.alloc(0)))).toBe(false);

    const noFile = await app.request('POST', `/api/v1/tickets/${ticket.id}/attachments`, {
      token: t.requester.token, ...multipart([{ name: 'kind', value: 'photo' }]),
    });
    expect(noFile.status).toBe(400);
    expect(noFile.body.error).toMatchObject({ code: 'invalid_input', details: { field: 'file' } });

    const misnamed = await app.request('POST', `/api/v1/tickets/${ticket.id}/attachments`, {
      token: t.requester.token, ...multipart([{ name: 'photo', filename: 'a.png', content: PNG }]),
    });
    expect(misnamed.status).toBe(400);

    const json = await app.request('POST', `/api/v1/tickets/${ticket.id}/attachments`, { token: t.requester.token, body: { file: 'x' } });
    expect(json.status).toBe(415);
    expect(json.body.error.code).toBe('unsupported_media_type');
    expect(await rowsOf(ticket.id)).toHaveLength(0);
  });

  it('lets staff add to a closed ticket but not its requester', async () => {
    const ticket = await newTicket(t.requester.token);
    expect((await act(t.dispatcher.token, ticket.id, 'cancel', { reason: '误报' })).body.status).toBe('cancelled');
    const refused = await upload(t.requester.token, ticket.id, 'late.png', PNG);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('illegal_transition');
    expect((await upload(t.dispatcher.token, ticket.id, 'record.png', PNG)).status).toBe(201);
  });
});

describe('attachments belong to the ticket\'s history', () => {
  it('survive dispatch, decline, re-dispatch, accept, resolve and reopen', async () => {
    const ticket = await newTicket(t.requester.token);
    const photo = (await upload(t.requester.token, ticket.id, '故障现象.png', PNG)).body;
    expect((await act(t.dispatcher.token, ticket.id, 'dispatch', { assigneeId: t.engineer.id })).status).toBe(200);
    expect((await download(t.engineer.token, photo.id)).status).toBe(200);
    expect((await act(t.engineer.token, ticket.id, 'decline', { reason: '不在附近' })).status).toBe(200);
    expect((await act(t.dispatcher.token, ticket.id, 'dispatch', { assigneeId: t.engineer2.id })).status).toBe(200);
    // The hand-over carries the files: the new assignee sees them, the one who declined no longer does.
    expect((await download(t.engineer2.token, photo.id)).status).toBe(200);
    expect((await download(t.engineer.token, photo.id)).status).toBe(404);
    expect((await act(t.engineer2.token, ticket.id, 'accept')).status).toBe(200);
    const evidence = (await upload(t.engineer2.token, ticket.id, '更换后.jpg', JPEG, { kind: 'evidence' })).body;
    expect((await act(t.engineer2.token, ticket.id, 'resolve', { solution: '更换接触器' })).status).toBe(200);
    expect((await act(t.requester.token, ticket.id, 'reopen', { reason: '又报警了' })).body.status).toBe('accepted');

    const listed = await list(t.requester.token, ticket.id);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((item: { id: string }) => item.id)).toEqual([photo.id, evidence.id]);
    expect(listed.body.items[1]).toMatchObject({ kind: 'evidence', uploadedBy: t.engineer2.id, mime: 'image/jpeg' });
  });

  it('shows the photos of a report merged as a duplicate on the original ticket', async () => {
    const description = `空压机压力不足，报警灯亮。${randomReport()}`;
    const original = await newTicket(t.requester.token, description);
    const first = (await upload(t.requester.token, original.id, '压力表.png', PNG)).body;
    const duplicate = await newTicket(t.requester.token, description);
    expect(duplicate.status).toBe('cancelled');
    // The app uploads a report's photos right after creating it; a merged report still takes them.
    const second = await upload(t.requester.token, duplicate.id, '报警屏.jpg', JPEG);
    expect(second.status).toBe(201);

    const listed = await list(t.requester.token, original.id);
    expect(listed.body.items).toMatchObject([
      { id: first.id, name: '压力表.png' },
      { id: second.body.id, name: '报警屏.jpg', fromTicketId: duplicate.id, fromTicketNumber: duplicate.number },
    ]);
    expect(listed.body.items[0].fromTicketId).toBeUndefined();
    expect((await list(t.dispatcher.token, original.id)).body.items).toHaveLength(2);

    // The engineer of the original sees the duplicate's photo too, though not the duplicate itself.
    expect((await act(t.dispatcher.token, original.id, 'dispatch', { assigneeId: t.engineer.id })).status).toBe(200);
    expect((await list(t.engineer.token, original.id)).body.items).toHaveLength(2);
    expect((await download(t.engineer.token, second.body.id)).status).toBe(200);
    expect((await list(t.engineer.token, duplicate.id)).status).toBe(404);

    // Undoing a wrong match gives the report back its own life, with its photo.
    expect((await act(t.dispatcher.token, duplicate.id, 'reopen', { reason: '不是同一故障' })).body.status).toBe('new');
    expect((await list(t.requester.token, original.id)).body.items.map((item: { id: string }) => item.id)).toEqual([first.id]);
    expect((await list(t.requester.token, duplicate.id)).body.items.map((item: { id: string }) => item.id)).toEqual([second.body.id]);
  });
});

describe('who may see what', () => {
  it('answers 404 for another tenant\'s ticket and attachment, and changes nothing', async () => {
    const ticket = await newTicket(t.requester.token);
    const photo = (await upload(t.requester.token, ticket.id, 'p.png', PNG)).body;
    const intruder = other.admin.token;
    expect((await upload(intruder, ticket.id, 'x.png', PNG)).status).toBe(404);
    expect((await list(intruder, ticket.id)).status).toBe(404);
    expect((await download(intruder, photo.id)).status).toBe(404);
    expect(await rowsOf(ticket.id)).toHaveLength(1);
    expect((await download(t.admin.token, randomUUID())).status).toBe(404);
  });

  it('keeps one requester\'s files from another, even when their reports are merged', async () => {
    const mine = await newTicket(t.requester.token);
    const myPhoto = (await upload(t.requester.token, mine.id, 'mine.png', PNG)).body;
    expect((await upload(t.requester2.token, mine.id, 'x.png', PNG)).status).toBe(404);
    expect((await list(t.requester2.token, mine.id)).status).toBe(404);
    expect((await download(t.requester2.token, myPhoto.id)).status).toBe(404);

    // A dispatcher merges requester2's report of the same fault into the first one.
    const theirs = await newTicket(t.requester2.token);
    const theirPhoto = (await upload(t.requester2.token, theirs.id, 'theirs.jpg', JPEG)).body;
    await app.ctx.db.updateTable('tickets').set({ duplicate_of_id: mine.id, status: 'cancelled' }).where('id', '=', theirs.id).execute();

    expect((await list(t.requester.token, mine.id)).body.items.map((item: { id: string }) => item.id)).toEqual([myPhoto.id]);
    expect((await download(t.requester.token, theirPhoto.id)).status).toBe(404);
    expect((await list(t.dispatcher.token, mine.id)).body.items.map((item: { id: string }) => item.id)).toEqual([myPhoto.id, theirPhoto.id]);
    expect((await download(t.requester2.token, theirPhoto.id)).status).toBe(200);
  });
});

describe('blob cleanup', () => {
  it('does not record an upload whose blob a concurrent refusal removed', async () => {
    const ticket = await newTicket(t.requester.token);
    const content = unique(HTML);
    const blob = await app.services.tickets.attachments.receive(Readable.from([content]), MAX_UPLOAD_BYTES);
    await app.services.blobs.remove(blob.sha256);
    const actor = { tenantId: t.tenant.id, tenantSlug: t.tenant.slug, userId: t.dispatcher.id, name: 'd', email: 'd', roles: t.dispatcher.roles, tokenId: 'x' };
    await expect(app.services.tickets.attachments.attach(actor, ticket.id, { blob, fileName: 'a.html' })).rejects.toMatchObject({ code: 'version_conflict' });
    expect(await rowsOf(ticket.id)).toHaveLength(0);
  });
});

