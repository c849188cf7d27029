/**
 * The rows of a workspace view: pages from the list API by cursor, merged with what the live
 * stream and the user's own bulk actions brought since. A ticket changed elsewhere is fetched
 * once (changes within a moment are fetched together) and its freshest copy wins; a new ticket
 * that belongs to the view joins it at the top.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, get, query } from '../../shared/api.ts';
import { secondsToNearestDeadline } from '../../shared/sla-clock.tsx';
import type { TicketChange } from '../../shared/ticket-stream.ts';
import type { Page, Ticket } from '../../shared/types.ts';
import { belongsTo, filteredInBrowser, queriesOf, statusesOf, type Audience, type Filters, type View } from './views.ts';

const PAGE_SIZE = 50;
/** Each member's share of a page of "my team". */
const TEAM_PAGE_SIZE = 20;
/** "About to breach" reads open tickets until it has this many for a page, or read MAX_SCANS pages. */
const WANTED_PER_PAGE = 25;
const MAX_SCANS = 5;
/** Changes arriving within this window are fetched together. */
const FETCH_DELAY_MS = 200;

/** One cursor per list query; null once that query has no more. */
type Cursors = (string | null)[];

interface QueuePage {
  items: Ticket[];
  next: Cursors | null;
  /** How many tickets were read for this page (more than shown in "about to breach"). */
  scanned: number;
  fetchedAt: number;
}

interface Fresh {
  ticket: Ticket;
  at: number;
}

async function loadPage(view: View, filters: Filters, audience: Audience, from: Cursors | null): Promise<QueuePage> {
  const queries = queriesOf(view, filters, audience);
  const cursors: Cursors = from ? [...from] : queries.map(() => '');
  const limit = view === 'team' ? TEAM_PAGE_SIZE : PAGE_SIZE;
  const items: Ticket[] = [];
  let scanned = 0;
  for (let scans = 0; scans < MAX_SCANS; scans++) {
    const pending = queries.map((params, index) => ({ params, index, cursor: cursors[index] })).filter((entry) => entry.cursor !== null);
    const answers = await Promise.all(pending.map((entry) =>
      get<Page<Ticket>>(`/tickets${query({ ...entry.params, limit, cursor: entry.cursor || undefined })}`)));
    answers.forEach((answer, position) => {
      cursors[pending[position].index] = answer.nextCursor ?? null;
      scanned += answer.items.length;
      const now = Date.now();
      items.push(...(filteredInBrowser(view) ? answer.items.filter((ticket) => belongsTo(ticket, view, filters, audience, now)) : answer.items));
    });
    if (!filteredInBrowser(view) || items.length >= WANTED_PER_PAGE) break;
    if (cursors.every((cursor) => cursor === null)) break;
  }
  return { items, next: cursors.some((cursor) => cursor !== null) ? cursors : null, scanned, fetchedAt: Date.now() };
}

/** Whether a change to a ticket not on screen may bring it into the view (then it is fetched and checked). */
function mayJoin(change: TicketChange, view: View, filters: Filters, audience: Audience): boolean {
  const statuses = statusesOf(view, filters);
  if (statuses && !statuses.includes(change.status)) return false;
  if (filters.type && change.ticketType !== filters.type) return false;
  if (filters.priority && change.priority !== filters.priority) return false;
  if (view === 'mine') return change.assigneeId === audience.meId;
  if (view === 'unassigned') return change.assigneeId === null;
  if (view === 'team') return !!change.assigneeId && audience.teamIds.includes(change.assigneeId);
  return true;
}

export function useQueue(view: View, filters: Filters, audience: Audience | null, selected: ReadonlySet<string>) {
  const queryClient = useQueryClient();
  const list = useInfiniteQuery({
    queryKey: ['queue', view, filters, audience],
    initialPageParam: null as Cursors | null,
    queryFn: ({ pageParam }) => loadPage(view, filters, audience!, pageParam),
    getNextPageParam: (last) => last.next ?? undefined,
    enabled: !!audience && (view !== 'team' || audience.teamIds.length > 0),
  });
  const [fresh, setFresh] = useState<Map<string, Fresh>>(() => new Map());
  const [gone, setGone] = useState<Set<string>>(() => new Set());
  const pending = useRef(new Set<string>());
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  /** Takes a ticket's latest copy (from the server's answer to an action, or fetched after a change). */
  const remember = useCallback((ticket: Ticket) => {
    setFresh((current) => new Map(current).set(ticket.id, { ticket, at: Date.now() }));
  }, []);

  const fetchPending = useCallback(async () => {
    const ids = [...pending.current];
    pending.current.clear();
    await Promise.all(ids.map(async (id) => {
      try {
        remember(await get<Ticket>(`/tickets/${id}`));
      } catch (error) {
        // No longer ours to see (another tenant's never comes): it leaves the view.
        if (error instanceof ApiError && error.status === 404) setGone((current) => new Set(current).add(id));
      }
    }));
  }, [remember]);

  const rows = useMemo(() => {
    const pages = list.data?.pages ?? [];
    const now = Date.now();
    const byId = new Map<string, { ticket: Ticket; at: number; live: boolean }>();
    for (const page of pages) for (const ticket of page.items) byId.set(ticket.id, { ticket, at: page.fetchedAt, live: false });
    // Newest first: an older ticket changed live belongs below the rows loaded so far, where "load more" brings it.
    const oldestLoaded = pages.at(-1)?.next && view !== 'breaching' ? [...byId.keys()].sort()[0] : undefined;
    if (audience) {
      for (const [id, entry] of fresh) {
        const known = byId.get(id);
        if (known && known.at >= entry.at) continue;
        if (!known && (!belongsTo(entry.ticket, view, filters, audience, now) || (oldestLoaded && id < oldestLoaded))) continue;
        byId.set(id, { ticket: entry.ticket, at: entry.at, live: !known || known.live });
      }
    }
    const shown = [...byId.values()].filter(({ ticket }) => !gone.has(ticket.id) && (
      // A row the user selected stays until they let it go, even when it no longer belongs.
      selected.has(ticket.id) || !audience || !fresh.has(ticket.id) || belongsTo(ticket, view, filters, audience, now)));
    if (view === 'breaching') {
      const urgency = (ticket: Ticket) => secondsToNearestDeadline(ticket, now) ?? Number.MAX_SAFE_INTEGER;
      shown.sort((a, b) => urgency(a.ticket) - urgency(b.ticket));
    } else {
      shown.sort((a, b) => (a.ticket.id < b.ticket.id ? 1 : -1)); // UUIDv7: newest first
    }
    return shown.map(({ ticket, live }) => ({ ticket, live }));
  }, [list.data, fresh, gone, selected, view, filters, audience]);

  const rowsRef = useRef(rows);
  rowsRef.current = rows;

  /** A change from the live stream. */
  const heard = useCallback((change: TicketChange) => {
    if (!audience) return;
    const shown = rowsRef.current.find((row) => row.ticket.id === change.ticketId)?.ticket;
    if (shown && shown.version > change.version) return; // an older change than what is on screen
    if (!shown && !mayJoin(change, view, filters, audience)) return;
    pending.current.add(change.ticketId);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void fetchPending(), FETCH_DELAY_MS);
  }, [audience, view, filters, fetchPending]);

  /** The stream (re)subscribed: what changed while it connected was not streamed, so read the list again. */
  const resync = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: ['queue'] });
  }, [queryClient]);

  const scanned = (list.data?.pages ?? []).reduce((sum, page) => sum + page.scanned, 0);
  return { list, rows, scanned, heard, resync, remember };
}
