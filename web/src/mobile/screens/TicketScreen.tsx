/** One ticket on the phone: what and where, its clock, the next action, the checklist, resolve, comments. */
import { useParams } from 'react-router';
import { ApiError } from '../../shared/api.ts';
import { useStrings } from '../../shared/i18n.ts';
import { useMe } from '../../shared/session.ts';
import type { Ticket } from '../../shared/types.ts';
import { useChecklist, useEvents, useTicket } from '../data.ts';
import { pendingTicks, stillMissing, withPending } from '../offline/overlay.ts';
import { useSync } from '../offline/SyncProvider.tsx';
import { Loading } from '../shell/Shell.tsx';
import { mobileStrings } from '../strings.ts';
import { ChecklistPanel } from './ChecklistPanel.tsx';
import { Comments } from './Comments.tsx';
import { SlaCountdown } from './SlaCountdown.tsx';
import { StatusLine } from './TicketCard.tsx';
import { OfferActions, ResolveForm, StartAction } from './WorkActions.tsx';

const WORKING = ['accepted', 'in_progress', 'on_hold'];

function mapLink(location: NonNullable<Ticket['location']>, language: string): string {
  const { lat, lng, address } = location;
  return language === 'en'
    ? `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lng}#map=17/${lat}/${lng}`
    : `https://uri.amap.com/marker?position=${lng},${lat}&coordinate=wgs84&name=${encodeURIComponent(address ?? '')}`;
}

export default function TicketScreen() {
  const { id = '' } = useParams();
  const { t, i18n } = useStrings('mobile', mobileStrings);
  const me = useMe().data!;
  const { changes, online } = useSync();
  const ticketQuery = useTicket(id);
  const checklistQuery = useChecklist(id, !!ticketQuery.data);
  const eventsQuery = useEvents(id);

  if (ticketQuery.isPending) return <Loading />;
  if (!ticketQuery.data) {
    const error = ticketQuery.error;
    const message = error instanceof ApiError && error.status === 404 ? t('ticket.notFound') : online ? error?.message : t('list.noCopy');
    return <p className="m-empty" role="alert">{message}</p>;
  }

  const ticket = withPending(ticketQuery.data, changes, me.id);
  const ticks = pendingTicks(changes, id);
  const missing = checklistQuery.data ? stillMissing(checklistQuery.data.missing, ticks) : [];
  const pendingResolve = ticket.pendingChanges.find((change) => change.op.kind === 'action' && change.op.action === 'resolve');
  const solution = pendingResolve?.op.kind === 'action' ? pendingResolve.op.solution : ticket.solution;

  return (
    <article className="m-ticket">
      <section className="m-card">
        <StatusLine ticket={ticket} />
        <h2 className="m-ticket-heading">{ticket.title}</h2>
        <SlaCountdown ticket={ticket} />
        <h3>{t('ticket.description')}</h3>
        <p className="m-pre">{ticket.description}</p>
        {ticket.location && (
          <>
            <h3>{t('ticket.location')}</h3>
            <p>
              {ticket.location.address ?? `${ticket.location.lat}, ${ticket.location.lng}`}{' '}
              <a href={mapLink(ticket.location, i18n.language)} target="_blank" rel="noreferrer">{t('ticket.openMap')}</a>
            </p>
          </>
        )}
      </section>
      {ticket.status === 'dispatched' && <OfferActions ticket={ticket} />}
      {ticket.status === 'accepted' && <StartAction ticket={ticket} />}
      {checklistQuery.data && ticket.status !== 'dispatched' && (
        <ChecklistPanel checklist={checklistQuery.data} ticks={ticks} ticket={ticket} editable={WORKING.includes(ticket.status)} />
      )}
      {(ticket.status === 'accepted' || ticket.status === 'in_progress') && <ResolveForm ticket={ticket} missing={missing} />}
      {ticket.status === 'resolved' && (
        <section className="m-card">
          <p className="m-note">{t('ticket.resolvedNote')}</p>
          {solution && <><h3>{t('ticket.solution')}</h3><p className="m-pre">{solution}</p></>}
        </section>
      )}
      <Comments ticket={ticket} events={eventsQuery.data?.items ?? []} pending={ticket.pendingChanges} />
    </article>
  );
}
