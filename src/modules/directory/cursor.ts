/** Key-set pagination cursors: the last id of a page, opaque to clients. */
import { AppError } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';

export const encodeCursor = (lastId: string): string => Buffer.from(lastId, 'utf8').toString('base64url');

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!isUuid(id)) throw new AppError('invalid_input', 'The cursor is not one this server gave.', { field: 'cursor' });
  return id;
}

/** Pages are fetched one row longer than asked: the extra row says whether there is a next page. */
export function toPage<T extends { id: string }>(rows: T[], limit: number): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1].id) : null };
}
