/**
 * The dispatcher board: tickets that need someone (unassigned, about to breach, dispatch failed)
 * beside the engineers with their availability, load, skills and, for the selected ticket, the
 * dispatch engine's ranking with distance and reasons. Assign by dragging a ticket onto an
 * engineer, or by selecting it and pressing an engineer's "Assign" (keyboard included). The
 * server decides; its refusals are shown in its own words.
 */
import { useEffect, useMemo, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Empty, Input, Result, Segmented, Spin, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { ApiError, get } from '../../shared/api.ts';
import { useStrings } from '../../shared/i18n.ts';
import { usePeople } from '../../shared/people.ts';
import { useMe } from '../../shared/session.ts';
import { typeName, type TicketType } from '../../shared/ticket-forms.ts';
import { hasRole } from '../../shared/types.ts';
import { useAssign, useBoardTickets, useEngineers, useProposal } from './data.ts';
import { EngineerCard } from './EngineerCard.tsx';
import { FILTERS, arrangeEngineers, matchesEngineer, matchesFilter, sortByUrgency, type BoardTicket, type Filter } from './model.ts';
import { NAMESPACE, strings } from './strings.ts';
import { TicketCard } from './TicketCard.tsx';
import './board.css';

type Notice = { kind: 'success' | 'error'; text: string };

/** The time, once a minute: urgency order moves as deadlines pass, and a list need not move faster. */
function useMinute(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export default function Board() {
  const { t, i18n } = useStrings(NAMESPACE, strings);
  const common = useTranslation().t;
  const me = useMe().data ?? undefined;
  const allowed = hasRole(me, 'admin', 'dispatcher', 'manager');
  const people = usePeople();
  const tickets = useBoardTickets();
  const engineers = useEngineers();
  const types = useQuery({ queryKey: ['ticket-types'], queryFn: () => get<{ items: TicketType[] }>('/ticket-types'), staleTime: 300_000 });
  const assign = useAssign();
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState<Filter>('all');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [engineerQuery, setEngineerQuery] = useState('');
  const minute = useMinute();

  const entries = useMemo(() => sortByUrgency(tickets.data ?? [], minute), [tickets.data, minute]);
  const selected = entries.find((entry) => entry.ticket.id === selectedId && entry.dispatchable) ?? null;
  const proposal = useProposal(selected?.ticket.id ?? null);
  const rows = useMemo(() => arrangeEngineers(engineers.data?.engineers ?? [], engineers.data?.loads ?? [], proposal.data ?? null),
    [engineers.data, proposal.data]);

  if (!allowed) return <Result status="403" title="403" subTitle={common('error.forbidden')} />;

  const typeNames = new Map((types.data?.items ?? []).map((type) => [type.key, typeName(type, i18n.language)]));
  const shown = entries.filter((entry) => matchesFilter(entry, filter));
  const shownRows = rows.filter((row) => matchesEngineer(row.engineer, engineerQuery));
  const countOf = (which: Filter) => entries.filter((entry) => matchesFilter(entry, which)).length;

  async function assignTo(entry: BoardTicket, engineerId: string) {
    const name = rows.find((row) => row.engineer.id === engineerId)?.engineer.name ?? people.nameOf(engineerId);
    setNotice(null);
    try {
      await assign.mutateAsync({ ticket: entry.ticket, engineerId });
      setNotice({ kind: 'success', text: t('assigned', { number: entry.ticket.number, name }) });
      setSelectedId(null);
    } catch (error) {
      setNotice({ kind: 'error', text: error instanceof ApiError ? error.message : common('error.network') });
    }
  }

  function dropped(ticketId: string, engineerId: string) {
    const entry = entries.find((candidate) => candidate.ticket.id === ticketId);
    if (entry?.dispatchable) void assignTo(entry, engineerId);
  }

  const loadError = tickets.error ?? engineers.error;
  return (
    <div className="board">
      <header className="board-header">
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>{t('title')}</Typography.Title>
          <Typography.Text type="secondary">{t('subtitle')}</Typography.Text>
        </div>
        <div className="board-refresh">
          {tickets.dataUpdatedAt > 0 && (
            <Typography.Text type="secondary">{t('refreshed', { time: dayjs(tickets.dataUpdatedAt).format('HH:mm:ss') })}</Typography.Text>
          )}
          <Button icon={<ReloadOutlined />} loading={tickets.isFetching || engineers.isFetching}
            onClick={() => void queryClient.invalidateQueries({ queryKey: ['board'] })}>
            {common('action.refresh')}
          </Button>
        </div>
      </header>

      {loadError && <Alert type="error" showIcon role="alert" title={common('error.generic', { message: loadError.message })} />}
      {notice && (
        <Alert type={notice.kind} showIcon closable={{ 'aria-label': t('dismiss') }} onClose={() => setNotice(null)}
          role={notice.kind === 'error' ? 'alert' : 'status'} title={notice.text} className="board-notice" />
      )}

      <div className="board-grid">
        <section className="board-pane" aria-labelledby="board-tickets-heading">
          <div className="board-pane-head">
            <h2 id="board-tickets-heading" className="board-pane-title">{t('ticketsHeading')}</h2>
            <Segmented size="small" aria-label={t('ticketFilters')} value={filter} onChange={(value) => setFilter(value as Filter)}
              options={FILTERS.map((value) => ({ value, label: `${t(`filter.${value}`)} ${countOf(value)}` }))} />
          </div>
          {tickets.isPending ? <Spin description={common('loading')}><div style={{ height: 80 }} /></Spin>
            : shown.length ? (
              <ul className="board-list">
                {shown.map((entry) => (
                  <li key={entry.ticket.id}>
                    <TicketCard entry={entry} selected={entry.ticket.id === selected?.ticket.id}
                      typeName={typeNames.get(entry.ticket.type) ?? entry.ticket.type}
                      assigneeName={entry.ticket.assigneeId ? people.nameOf(entry.ticket.assigneeId) : null}
                      onSelect={() => setSelectedId(entry.ticket.id === selectedId ? null : entry.ticket.id)} />
                  </li>
                ))}
              </ul>
            ) : <Empty description={t('noTickets')} />}
        </section>

        <section className="board-pane" aria-labelledby="board-engineers-heading">
          <div className="board-pane-head">
            <h2 id="board-engineers-heading" className="board-pane-title">{t('engineersHeading')}</h2>
            <span role="status" aria-live="polite" className="board-selection">
              {selected ? t('forTicket', { number: selected.ticket.number }) : t('pickTicket')}
            </span>
            {selected && <Button size="small" onClick={() => setSelectedId(null)}>{t('clearSelection')}</Button>}
          </div>
          <Input.Search allowClear className="board-engineer-search" placeholder={t('searchEngineers')} aria-label={t('searchEngineers')}
            value={engineerQuery} onChange={(event) => setEngineerQuery(event.target.value)} />
          {selected && proposal.isPending && <Typography.Text type="secondary">{t('proposalLoading')}</Typography.Text>}
          {selected && proposal.error && (
            <Typography.Text type="danger">{t('proposalFailed', { message: proposal.error.message })}</Typography.Text>
          )}
          {engineers.isPending ? <Spin description={common('loading')}><div style={{ height: 80 }} /></Spin>
            : shownRows.length ? (
              <ul className="board-list">
                {shownRows.map((row) => (
                  <EngineerCard key={row.engineer.id} row={row} selectedNumber={selected?.ticket.number ?? null}
                    busy={assign.isPending && assign.variables?.engineerId === row.engineer.id} nameOf={people.nameOf}
                    onAssign={() => selected && void assignTo(selected, row.engineer.id)}
                    onDropTicket={(ticketId) => dropped(ticketId, row.engineer.id)} />
                ))}
              </ul>
            ) : <Empty description={t('noEngineers')} />}
        </section>
      </div>
    </div>
  );
}
