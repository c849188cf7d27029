/**
 * The engineer app's outbox logic, without a browser: recognising a change the server already
 * applied (so a retry after a lost answer never applies it twice), explaining a refusal in
 * plain words, and showing queued work on top of the server's ticket.
 */
import { describe, expect, it } from 'vitest';
import { appliedEvent, eventsAfter, explainRefusal, type EventLike, type QueuedChange } from '../../web/src/mobile/offline/changes.ts';
import { pendingTicks, stillMissing, withPending } from '../../web/src/mobile/offline/overlay.ts';

const ME = 'me-0000';
const OTHER = 'other-0000';

const change = (op: QueuedChange['op'], sentAfterEventId?: string | null): QueuedChange => ({
  id: `c-${Math.random()}`, ticketId: 'ticket-1', ticketNumber: 'WO-1', op, queuedAt: '2026-11-25T08:00:00Z', attempts: 1, sentAfterEventId,
});
const event = (id: string, type: string, actorId: string | null, data: Record<string, unknown> = {}): EventLike => ({ id, type, actorId, data });

describe('recognising a change the server already applied', () => {
  const history = [
    event('e1', 'created', OTHER),
    event('e2', 'dispatched', OTHER),
    event('e3', 'accepted', ME, { from: 'dispatched', to: 'accepted' }),
  ];

  it('finds the change\'s own event after the marker taken before the send', () => {
    expect(appliedEvent(change({ kind: 'action', action: 'accept' }, 'e2'), history, ME)?.id).toBe('e3');
  });

  it('does not take earlier work for this change: an accept before the marker is another accept', () => {
    expect(appliedEvent(change({ kind: 'action', action: 'accept' }, 'e3'), history, ME)).toBeUndefined();
  });

  it('counts only this engineer\'s events', () => {
    const byOther = [...history, event('e4', 'started', OTHER)];
    expect(appliedEvent(change({ kind: 'action', action: 'start' }, 'e3'), byOther, ME)).toBeUndefined();
  });

  it('matches a photo by its bytes (sha256), or by its size where the phone could not hash it', () => {
    const events = [...history, event('e4', 'attachment_added', ME, { attachmentId: 'a1', sha256: 'abc', size: 10 })];
    expect(appliedEvent(change({ kind: 'upload', fileId: 'f', name: 'p.jpg', size: 10, sha256: 'abc' }, 'e3'), events, ME)?.data.attachmentId).toBe('a1');
    expect(appliedEvent(change({ kind: 'upload', fileId: 'f', name: 'p.jpg', size: 10, sha256: 'def' }, 'e3'), events, ME)).toBeUndefined();
    expect(appliedEvent(change({ kind: 'upload', fileId: 'f', name: 'p.jpg', size: 10, sha256: null }, 'e3'), events, ME)?.id).toBe('e4');
  });

  it('matches a tick by its item and a comment by its text', () => {
    const events = [...history, event('e4', 'checklist_item_done', ME, { key: 'photo' }), event('e5', 'commented', ME, { body: '已到场' })];
    expect(appliedEvent(change({ kind: 'tick', key: 'photo', label: '照片', fileIds: [] }, 'e3'), events, ME)?.id).toBe('e4');
    expect(appliedEvent(change({ kind: 'tick', key: 'log', label: '日志', fileIds: [] }, 'e3'), events, ME)).toBeUndefined();
    expect(appliedEvent(change({ kind: 'comment', body: ' 已到场 ' }, 'e3'), events, ME)?.id).toBe('e5');
  });

  it('reads every event when the ticket had none before the send', () => {
    expect(eventsAfter(history, null)).toHaveLength(3);
    expect(eventsAfter(history, 'e1').map((item) => item.id)).toEqual(['e2', 'e3']);
  });
});

describe('explaining a refusal', () => {
  const ticket = (status: string, assigneeId: string | null = ME) => ({ status, assigneeId, offeredTo: [] });

  it('names what happened to the ticket while the engineer was offline', () => {
    expect(explainRefusal(409, 'A ticket that is cancelled cannot be accepted.', ticket('cancelled'), ME)).toEqual({ kind: 'cancelled' });
    expect(explainRefusal(409, '…', ticket('closed'), ME)).toEqual({ kind: 'closed' });
    expect(explainRefusal(409, '…', ticket('dispatched', OTHER), ME)).toEqual({ kind: 'reassigned' });
    expect(explainRefusal(404, 'Ticket not found.', null, ME)).toEqual({ kind: 'reassigned' });
    expect(explainRefusal(409, '…', ticket('on_hold'), ME)).toEqual({ kind: 'changed', status: 'on_hold' });
  });

  it('passes the server\'s own reason on when the ticket is still the engineer\'s', () => {
    expect(explainRefusal(422, '结案清单未完成，还缺：照片。', ticket('in_progress'), ME)).toEqual({ kind: 'refused', message: '结案清单未完成，还缺：照片。' });
  });
});

describe('queued work shown on top of the server\'s ticket', () => {
  const offered = { id: 'ticket-1', status: 'dispatched', assigneeId: ME, offeredTo: [] as string[] };

  it('moves the ticket through accept, start and resolve in order', () => {
    const queued = [change({ kind: 'action', action: 'accept' }), change({ kind: 'action', action: 'start' }), change({ kind: 'action', action: 'resolve', solution: '换件' })];
    expect(withPending(offered, queued.slice(0, 1), ME).status).toBe('accepted');
    expect(withPending(offered, queued.slice(0, 2), ME).status).toBe('in_progress');
    const resolved = withPending(offered, queued, ME);
    expect(resolved.status).toBe('resolved');
    expect(resolved.pendingChanges).toHaveLength(3);
  });

  it('skips an action the server already shows applied (its answer arrived before the outbox emptied)', () => {
    expect(withPending({ ...offered, status: 'in_progress' }, [change({ kind: 'action', action: 'start' })], ME).status).toBe('in_progress');
  });

  it('ignores other tickets\' changes and marks a queued decline', () => {
    const other = { ...change({ kind: 'action', action: 'accept' }), ticketId: 'ticket-2' };
    expect(withPending(offered, [other], ME)).toMatchObject({ status: 'dispatched', pendingChanges: [] });
    expect(withPending(offered, [change({ kind: 'action', action: 'decline', reason: '不在附近' })], ME).declined).toBe(true);
  });

  it('counts a queued tick as meeting its checklist item', () => {
    const ticks = pendingTicks([change({ kind: 'tick', key: 'photo', label: '照片', fileIds: ['f1'] })], 'ticket-1');
    expect(stillMissing(['photo', 'log'], ticks)).toEqual(['log']);
  });
});
