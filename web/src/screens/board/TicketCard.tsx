/**
 * One ticket on the board: draggable onto an engineer, and selectable with its button (the
 * keyboard's way to assign). Its text is the requester's and is rendered as text.
 */
import type { DragEvent } from 'react';
import { Link } from 'react-router';
import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { SlaCountdown, readClock, useNow } from '../../shared/sla-clock.tsx';
import { useStrings } from '../../shared/i18n.ts';
import type { Priority } from '../../shared/types.ts';
import type { BoardTicket } from './model.ts';
import { NAMESPACE, strings } from './strings.ts';

/** The drag payload's type: only a ticket of this board can be dropped on an engineer. */
export const TICKET_DRAG_TYPE = 'application/x-loopdesk-ticket';

const PRIORITY_COLORS: Record<Priority, string> = { P1: 'red', P2: 'orange', P3: 'gold', P4: 'default' };

interface Props {
  entry: BoardTicket;
  selected: boolean;
  typeName: string;
  assigneeName: string | null;
  onSelect(): void;
}

export function TicketCard({ entry, selected, typeName, assigneeName, onSelect }: Props) {
  const { t } = useStrings(NAMESPACE, strings);
  const common = useTranslation().t;
  const now = useNow(1000);
  const { ticket } = entry;
  // The clock to watch: the response until someone answers, then the resolution.
  const response = readClock(ticket, 'response', now);
  const clock = response.state === 'running' || response.state === 'paused' ? 'response' : 'resolve';
  const overdue = [readClock(ticket, 'response', now), readClock(ticket, 'resolve', now)]
    .some((reading) => reading.state === 'running' && reading.remainingSeconds < 0);

  function startDrag(event: DragEvent<HTMLElement>) {
    event.dataTransfer.setData(TICKET_DRAG_TYPE, ticket.id);
    event.dataTransfer.setData('text/plain', ticket.number);
    event.dataTransfer.effectAllowed = 'move';
    // Not selected on drag: selecting re-ranks the engineers, which would move the drop targets under the pointer.
  }

  const className = ['board-ticket', selected && 'is-selected', !entry.dispatchable && 'is-fixed', overdue && 'is-overdue']
    .filter(Boolean).join(' ');
  return (
    <article className={className} draggable={entry.dispatchable} onDragStart={entry.dispatchable ? startDrag : undefined}
      aria-label={ticket.number} title={entry.dispatchable ? t('dragHint', { number: ticket.number }) : undefined}
      data-ticket-id={ticket.id}>
      <div className="board-ticket-head">
        <Tag color={PRIORITY_COLORS[ticket.priority]}>{common(`priority.${ticket.priority}`)}</Tag>
        <Link to={`/tickets/${ticket.id}`} className="board-ticket-number">{ticket.number}</Link>
        <span className="board-ticket-clock"><SlaCountdown ticket={ticket} clock={clock} /></span>
      </div>
      {entry.dispatchable ? (
        <button type="button" className="board-ticket-select" aria-pressed={selected} onClick={onSelect}
          aria-label={`${t('select', { number: ticket.number })}: ${ticket.title}`}>
          {ticket.title}
        </button>
      ) : (
        <Typography.Paragraph className="board-ticket-title" ellipsis={{ rows: 2 }}>{ticket.title}</Typography.Paragraph>
      )}
      <div className="board-ticket-meta">
        <span>{typeName}</span>
        {ticket.status !== 'new' && <Tag>{common(`status.${ticket.status}`)}</Tag>}
        {entry.failed && <Tag color="red">{t('flag.failed')}</Tag>}
        {entry.atRisk && <Tag color={overdue ? 'red' : 'orange'}>{t(overdue ? 'flag.overdue' : 'flag.atRisk')}</Tag>}
        {!ticket.assigneeId && !ticket.offeredTo.length && <Tag color="blue">{t('flag.unassigned')}</Tag>}
        {!ticket.assigneeId && ticket.offeredTo.length > 0 && <Tag>{t('offeredTo', { count: ticket.offeredTo.length })}</Tag>}
        {assigneeName && <span>{t('assignedTo', { name: assigneeName })}</span>}
        {!entry.dispatchable && <Typography.Text type="secondary">{t('notDispatchable')}</Typography.Text>}
      </div>
      {entry.failed && ticket.dispatchFailure?.reason && (
        <Typography.Text type="danger" className="board-ticket-failure">{ticket.dispatchFailure.reason}</Typography.Text>
      )}
    </article>
  );
}
