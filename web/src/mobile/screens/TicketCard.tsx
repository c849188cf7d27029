/** One ticket in the list: number, priority, status, what is wrong, where, and its SLA clock. */
import { Link } from 'react-router';
import { EnvironmentOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useStrings } from '../../shared/i18n.ts';
import type { Ticket } from '../../shared/types.ts';
import type { Overlaid } from '../offline/overlay.ts';
import { mobileStrings } from '../strings.ts';
import { SlaCountdown } from './SlaCountdown.tsx';

export function StatusLine({ ticket }: { ticket: Overlaid<Ticket> }) {
  const { t: common } = useTranslation();
  const { t } = useStrings('mobile', mobileStrings);
  return (
    <div className="m-tags">
      <span className="m-number">{ticket.number}</span>
      <span className={`m-tag m-priority-${ticket.priority}`}>{common(`priority.${ticket.priority}`)}</span>
      <span className={`m-tag m-status-${ticket.status}`}>{ticket.declined ? t('list.declined') : common(`status.${ticket.status}`)}</span>
      {ticket.pendingChanges.length > 0 && <span className="m-tag m-pending">{t('sync.pendingTag')}</span>}
    </div>
  );
}

export function TicketCard({ ticket }: { ticket: Overlaid<Ticket> }) {
  return (
    <li>
      <Link to={`/t/${ticket.id}`} className="m-card m-ticket-card">
        <StatusLine ticket={ticket} />
        <span className="m-ticket-title">{ticket.title}</span>
        {ticket.location?.address && <span className="m-muted"><EnvironmentOutlined /> {ticket.location.address}</span>}
        <SlaCountdown ticket={ticket} />
      </Link>
    </li>
  );
}
