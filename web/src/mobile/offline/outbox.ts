/**
 * The outbox in IndexedDB: queued changes in order, the photos and files they carry, and the
 * refusals the engineer has not read yet. One database per tenant and user, so a phone shared
 * by two engineers never sends one's work as the other's.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ChangeOp, QueuedChange, SyncProblem } from './changes.ts';

/** A photo or file taken for a change; serverId is set once the server stored it. */
export interface StoredFile {
  id: string;
  blob: Blob;
  name: string;
  serverId?: string;
}

interface OutboxSchema extends DBSchema {
  changes: { key: number; value: QueuedChange };
  files: { key: string; value: StoredFile };
  problems: { key: string; value: SyncProblem };
}

const fileIdsOf = (ops: readonly ChangeOp[]) => ops.flatMap((op) => op.kind === 'upload' ? [op.fileId] : []);

export class Outbox {
  private readonly channel: BroadcastChannel | null;
  private readonly listeners = new Set<() => void>();

  private constructor(private readonly db: IDBPDatabase<OutboxSchema>, name: string) {
    // Other tabs of the app share the outbox: tell them when it changes.
    this.channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(name) : null;
    if (this.channel) this.channel.onmessage = () => this.emit(false);
  }

  static async open(tenantId: string, userId: string): Promise<Outbox> {
    const name = `loopdesk-m-${tenantId}-${userId}`;
    const db = await openDB<OutboxSchema>(name, 1, {
      upgrade(database) {
        database.createObjectStore('changes', { keyPath: 'seq', autoIncrement: true });
        database.createObjectStore('files', { keyPath: 'id' });
        database.createObjectStore('problems', { keyPath: 'id' });
      },
    });
    return new Outbox(db, name);
  }

  /** Called after every change to the outbox, here or in another tab. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(broadcast = true) {
    if (broadcast) this.channel?.postMessage('changed');
    for (const listener of this.listeners) listener();
  }

  /** Queues changes (and their files) together: all of them or none. */
  async enqueue(changes: QueuedChange[], files: StoredFile[] = []): Promise<void> {
    const tx = this.db.transaction(['changes', 'files'], 'readwrite');
    for (const file of files) void tx.objectStore('files').put(file);
    for (const change of changes) void tx.objectStore('changes').add(change);
    await tx.done;
    this.emit();
  }

  changes(): Promise<QueuedChange[]> {
    return this.db.getAll('changes');
  }

  problems(): Promise<SyncProblem[]> {
    return this.db.getAll('problems');
  }

  file(id: string): Promise<StoredFile | undefined> {
    return this.db.get('files', id);
  }

  async saveAttempt(change: QueuedChange): Promise<void> {
    await this.db.put('changes', change);
  }

  /** A change the server has: gone from the queue; an upload's file keeps its server id for the ticks after it. */
  async done(change: QueuedChange, serverFileId?: string): Promise<void> {
    const tx = this.db.transaction(['changes', 'files'], 'readwrite');
    void tx.objectStore('changes').delete(change.seq!);
    if (change.op.kind === 'upload' && serverFileId) {
      const file = await tx.objectStore('files').get(change.op.fileId);
      if (file) void tx.objectStore('files').put({ ...file, serverId: serverFileId });
    }
    if (change.op.kind === 'tick') for (const id of change.op.fileIds) void tx.objectStore('files').delete(id);
    await tx.done;
    this.emit();
  }

  /** Moves refused changes out of the queue into a problem the engineer will read; their files stay with it. */
  async refuse(problem: SyncProblem, refused: readonly QueuedChange[]): Promise<void> {
    const tx = this.db.transaction(['changes', 'problems'], 'readwrite');
    for (const change of refused) void tx.objectStore('changes').delete(change.seq!);
    void tx.objectStore('problems').put({ ...problem, fileIds: fileIdsOf(refused.map((change) => change.op)) });
    await tx.done;
    this.emit();
  }

  /** The engineer has read the refusal: it goes, with the photos nobody will send. */
  async dismiss(problemId: string): Promise<void> {
    const tx = this.db.transaction(['problems', 'files'], 'readwrite');
    const problem = await tx.objectStore('problems').get(problemId);
    for (const id of problem?.fileIds ?? []) void tx.objectStore('files').delete(id);
    void tx.objectStore('problems').delete(problemId);
    await tx.done;
    this.emit();
  }

  close() {
    this.channel?.close();
    this.db.close();
  }
}
