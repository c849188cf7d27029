/**
 * What the board asks the server, and how it assigns. It refreshes every 30 seconds, when the
 * window regains focus, and after every assignment.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, post, query } from '../../shared/api.ts';
import type { Page, Ticket } from '../../shared/types.ts';
import { mergeTickets, type Engineer, type EngineerLoad, type Proposal } from './model.ts';

export const REFRESH_MS = 30_000;
/** More than a board can show; the at-risk list comes nearest deadline first, so the cut keeps the urgent. */
const LIST_LIMIT = 200;
const BOARD = ['board'] as const;

export function useBoardTickets() {
  return useQuery({
    queryKey: [...BOARD, 'tickets'],
    queryFn: async () => {
      const [unassigned, atRisk, failed] = await Promise.all([
        get<Page<Ticket>>(`/tickets${query({ status: 'new,dispatched', assigneeId: 'none', limit: LIST_LIMIT })}`),
        get<Page<Ticket>>(`/tickets/at-risk${query({ withinMinutes: 60, limit: LIST_LIMIT })}`),
        get<Page<Ticket>>(`/tickets${query({ status: 'new,dispatched', dispatchFailed: true, limit: LIST_LIMIT })}`),
      ]);
      return mergeTickets({ unassigned: unassigned.items, atRisk: atRisk.items, failed: failed.items });
    },
    refetchInterval: REFRESH_MS,
    staleTime: 5_000,
  });
}

export function useEngineers() {
  return useQuery({
    queryKey: [...BOARD, 'engineers'],
    queryFn: async () => {
      const [people, load] = await Promise.all([
        get<Page<Engineer>>(`/users${query({ role: 'engineer', active: true, limit: 1000 })}`),
        get<{ items: EngineerLoad[] }>('/analytics/engineer-load'),
      ]);
      return { engineers: people.items, loads: load.items };
    },
    refetchInterval: REFRESH_MS,
    staleTime: 5_000,
  });
}

/** The engine's ranking for one ticket: who, how far, and why. */
export function useProposal(ticketId: string | null) {
  return useQuery({
    queryKey: [...BOARD, 'proposal', ticketId],
    queryFn: () => get<Proposal>(`/tickets/${ticketId}/dispatch-proposal`),
    enabled: !!ticketId,
    refetchInterval: REFRESH_MS,
    staleTime: 5_000,
  });
}

/**
 * Dispatches a ticket to an engineer with the version the board saw, so a ticket someone else
 * changed meanwhile is refused (409) instead of being taken from them silently.
 */
export function useAssign() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ ticket, engineerId }: { ticket: Ticket; engineerId: string }) =>
      post<Ticket>(`/tickets/${ticket.id}/actions/dispatch`, { assigneeId: engineerId, version: ticket.version }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: BOARD }),
  });
}
