/** My tickets: those offered to me (to accept or decline) and those I am working, soonest deadline first. */
import { useEffect, useMemo } from 'react';
import { useStrings } from '../../shared/i18n.ts';
import { useMe } from '../../shared/session.ts';
import type { Ticket } from '../../shared/types.ts';
import { keepForOffline, useMyTickets } from '../data.ts';
import { useSync } from '../offline/SyncProvider.tsx';
import { withPending, type Overlaid } from '../offline/overlay.ts';
import { Loading } from '../shell/Shell.tsx';
import { mobileStrings } from '../strings.ts';
import { TicketCard } from './TicketCard.tsx';

const deadline = (ticket: Ticket) => Date.parse((!ticket.sla.firstRespondedAt && ticket.sla.responseDueAt) || ticket.sla.resolveDueAt || '9999-12-31');

function Section({ title, tickets, empty }: { title: string; tickets: Overlaid<Ticket>[]; empty: string }) {
  return (
    <section className="m-section" aria-label={title}>
      <h2>{title} <span className="m-count">{tickets.length}</span></h2>
      {tickets.length ? <ul className="m-list">{tickets.map((ticket) => <TicketCard key={ticket.id} ticket={ticket} />)}</ul> : <p className="m-empty">{empty}</p>}
    </section>
  );
}

export default function TicketList() {
  const { t } = useStrings('mobile', mobileStrings);
  const me = useMe().data!;
  const { changes, online } = useSync();
  const list = useMyTickets();

  useEffect(() => {
    if (list.data && navigator.onLine) keepForOffline(list.data.items, me);
  }, [list.data, me]);

  const { offered, mine } = useMemo(() => {
    const tickets = (list.data?.items ?? []).map((ticket) => withPending(ticket, changes, me.id)).sort((a, b) => deadline(a) - deadline(b));
    return {
      offered: tickets.filter((ticket) => ticket.status === 'dispatched' && (ticket.assigneeId === me.id || ticket.offeredTo.includes(me.id))),
      mine: tickets.filter((ticket) => ticket.status !== 'dispatched' && ticket.assigneeId === me.id),
    };
  }, [list.data, changes, me.id]);

  if (list.isPending) return <Loading />;
  if (list.isError && !list.data) return <p className="m-empty" role="alert">{online ? list.error.message : t('list.noCopy')}</p>;
  return (
    <>
      {!online && <p className="m-note">{t('list.savedCopy')}</p>}
      <Section title={t('list.offered')} tickets={offered} empty={t('list.noOffers')} />
      <Section title={t('list.mine')} tickets={mine} empty={t('list.noTickets')} />
    </>
  );
}
