/**
 * What the ticket page decides without the server: which actions to offer this user now (the
 * server's role table in src/modules/tickets/lifecycle.ts, mirrored so buttons that would be
 * refused are not shown; the server still decides), and the map link of a location.
 */
import type { Me, Role, Status, Ticket } from '../../shared/types.ts';

export const ACTIONS = ['dispatch', 'accept', 'decline', 'start', 'hold', 'resume', 'resolve', 'verify', 'close', 'reopen', 'cancel', 'comment'] as const;
export type Action = (typeof ACTIONS)[number];

type Relation = 'assignee' | 'candidate' | 'requester' | 'related';

interface Rule {
  from: readonly Status[];
  anyTicket: readonly Role[];
  related?: { roles: readonly Role[]; relation: Relation };
}

const OPEN: readonly Status[] = ['new', 'dispatched', 'accepted', 'in_progress', 'on_hold'];
const ALL: readonly Status[] = [...OPEN, 'resolved', 'closed', 'cancelled'];
export const SUPERVISORS: readonly Role[] = ['admin', 'dispatcher', 'manager'];
const WORKERS: readonly Role[] = ['engineer', 'expert'];

const RULES: Record<Action, Rule> = {
  dispatch: { from: ['new', 'dispatched'], anyTicket: SUPERVISORS },
  accept: { from: ['dispatched'], anyTicket: [], related: { roles: WORKERS, relation: 'candidate' } },
  decline: { from: ['dispatched'], anyTicket: [], related: { roles: WORKERS, relation: 'candidate' } },
  start: { from: ['accepted'], anyTicket: [], related: { roles: WORKERS, relation: 'assignee' } },
  hold: { from: ['accepted', 'in_progress'], anyTicket: SUPERVISORS, related: { roles: WORKERS, relation: 'assignee' } },
  resume: { from: ['on_hold'], anyTicket: SUPERVISORS, related: { roles: WORKERS, relation: 'assignee' } },
  resolve: { from: ['accepted', 'in_progress'], anyTicket: [], related: { roles: WORKERS, relation: 'assignee' } },
  verify: { from: ['resolved'], anyTicket: SUPERVISORS, related: { roles: ['requester'], relation: 'requester' } },
  close: { from: ['resolved'], anyTicket: SUPERVISORS },
  reopen: { from: ['resolved', 'closed', 'cancelled'], anyTicket: SUPERVISORS, related: { roles: ['requester'], relation: 'requester' } },
  cancel: { from: OPEN, anyTicket: SUPERVISORS, related: { roles: ['requester'], relation: 'requester' } },
  comment: { from: ALL, anyTicket: ['admin', 'dispatcher', 'manager', 'expert', 'finance'], related: { roles: ['engineer', 'requester'], relation: 'related' } },
};

function isRelated(ticket: Ticket, userId: string, relation: Relation): boolean {
  switch (relation) {
    case 'assignee': return ticket.assigneeId === userId;
    case 'candidate': return ticket.assigneeId === userId || ticket.offeredTo.includes(userId);
    case 'requester': return ticket.requesterId === userId;
    case 'related': return ticket.assigneeId === userId || ticket.requesterId === userId;
  }
}

/** Whether the server would let this user take the action on the ticket as it is now. */
export function mayAct(ticket: Ticket, action: Action, me: Pick<Me, 'id' | 'roles'>): boolean {
  const rule = RULES[action];
  if (!rule.from.includes(ticket.status)) return false;
  if (me.roles.some((role) => rule.anyTicket.includes(role))) return true;
  // Reopening a cancelled ticket puts it back in the queue: dispatchers only, not its requester.
  if (action === 'reopen' && ticket.status === 'cancelled') return false;
  return !!rule.related && me.roles.some((role) => rule.related!.roles.includes(role)) && isRelated(ticket, me.id, rule.related.relation);
}

/** The actions to offer as buttons now, in the order work goes; commenting has its own box. */
export const allowedActions = (ticket: Ticket, me: Pick<Me, 'id' | 'roles'>): Action[] =>
  ACTIONS.filter((action) => action !== 'comment' && mayAct(ticket, action, me));

/** What each action's form asks for. */
export const ACTION_INPUTS: Record<Action, readonly ('assigneeId' | 'reason' | 'solution' | 'result' | 'comment' | 'body')[]> = {
  dispatch: ['assigneeId', 'comment'],
  accept: ['comment'],
  decline: ['reason'],
  start: ['comment'],
  hold: ['reason'],
  resume: ['comment'],
  resolve: ['solution'],
  verify: ['result', 'comment'],
  close: ['comment'],
  reopen: ['reason'],
  cancel: ['reason'],
  comment: ['body'],
};

/** Actions that undo work or end the ticket: their button is marked as dangerous. */
export const DANGEROUS: ReadonlySet<Action> = new Set(['decline', 'cancel']);
/** The step a person most likely takes next: its button is the primary one. */
export const PRIMARY_ORDER: readonly Action[] = ['accept', 'start', 'resolve', 'dispatch', 'verify', 'resume'];

/** A map page for a point, without a map SDK: Amap's marker link (the coordinates are WGS-84, as phones report them). */
export function mapLink(location: { lat: number; lng: number; address?: string | null }): string {
  const params = new URLSearchParams({
    position: `${location.lng},${location.lat}`,
    coordinate: 'wgs84',
    callnative: '0',
    ...(location.address ? { name: location.address } : {}),
  });
  return `https://uri.amap.com/marker?${params.toString()}`;
}

/** The bytes of an attachment, for <img> and <audio> on this origin (the session cookie authorises them). */
export const attachmentUrl = (attachmentId: string) => `/api/v1/attachments/${attachmentId}/content`;

/** The verification QR code as an image: the server's SVG as data, never parsed into the page as markup. */
export const svgImageSource = (svg: string) => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
