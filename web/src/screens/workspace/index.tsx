/**
 * The workspace of agents and dispatchers: the queue in saved views (mine, my team's,
 * unassigned, about to breach, dispatch failed), search and filters, all in the URL so a view
 * can be linked; SLA countdowns that tick in the browser; bulk actions; and live updates from
 * the ticket stream, so the queue is current without reloading.
 */
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Badge, Button, Flex, Input, Select, Table, Tabs, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { get } from '../../shared/api.ts';
import { useStrings } from '../../shared/i18n.ts';
import { canTakeTickets, usePeople, type Person } from '../../shared/people.ts';
import { useMe } from '../../shared/session.ts';
import { typeName as nameOfType, type TicketType } from '../../shared/ticket-forms.ts';
import { useTicketStream, type StreamState } from '../../shared/ticket-stream.ts';
import { hasRole, isStaff, PRIORITIES, STATUSES, type Me } from '../../shared/types.ts';
import { BulkActions } from './bulk.tsx';
import { queueColumns, type Row } from './columns.tsx';
import { useQueue } from './queue.ts';
import { NAMESPACE, strings } from './strings.ts';
import { filtersFrom, isView, viewsFor, type Audience, type View } from './views.ts';
import './workspace.css';

/** "My team" asks the list once per member: beyond this many, only the first are asked. */
const TEAM_CAP = 50;
const SEARCH_DELAY_MS = 300;

const isSupervisor = (me: Me | null | undefined) => hasRole(me ?? undefined, 'admin', 'dispatcher', 'manager');

/** Me and my team: the engineers and experts of my org unit and the units under it. */
function useAudience(me: Me | null | undefined, wantTeam: boolean): { audience: Audience | null; teamCapped: boolean } {
  const self = useQuery({
    queryKey: ['users', me?.id],
    queryFn: () => get<Person>(`/users/${me!.id}`),
    enabled: !!me && wantTeam && isStaff(me),
    staleTime: 300_000,
  });
  const unitId = self.data?.orgUnitId ?? null;
  const members = useQuery({
    queryKey: ['users', 'org-unit', unitId],
    queryFn: () => get<{ items: Person[] }>(`/users?orgUnitId=${unitId}&limit=1000`),
    enabled: !!unitId,
    staleTime: 300_000,
  });
  return useMemo(() => {
    if (!me) return { audience: null, teamCapped: false };
    if (!wantTeam) return { audience: { meId: me.id, teamIds: [] }, teamCapped: false };
    if (self.isPending || (unitId && members.isPending)) return { audience: null, teamCapped: false };
    const team = (members.data?.items ?? []).filter(canTakeTickets).map((person) => person.id).sort();
    return { audience: { meId: me.id, teamIds: team.slice(0, TEAM_CAP) }, teamCapped: team.length > TEAM_CAP };
  }, [me, wantTeam, self.isPending, unitId, members.isPending, members.data]);
}

function LiveIndicator({ state }: { state: StreamState }) {
  const { t } = useStrings(NAMESPACE, strings);
  const status = state === 'live' ? 'processing' : state === 'connecting' ? 'default' : 'error';
  return (
    <span role="status" aria-live="polite" data-live={state}>
      <Badge status={status} text={t(`live.${state}`)} />
    </span>
  );
}

export default function Workspace() {
  const { t, i18n } = useStrings(NAMESPACE, strings);
  const me = useMe().data;
  const people = usePeople();
  const supervisor = isSupervisor(me);
  const [params, setParams] = useSearchParams();
  const views = viewsFor(me ?? undefined);
  const requested = params.get('view');
  const view: View = isView(requested) && views.includes(requested) ? requested : views[0];
  const filters = useMemo(() => filtersFrom(params), [params]);
  const { audience, teamCapped } = useAudience(me, view === 'team');
  const [selectedIds, setSelectedIds] = useState<string[]>([]);
  const selected = useMemo(() => new Set(selectedIds), [selectedIds]);
  const { list, rows, scanned, heard, resync, remember } = useQueue(view, filters, audience, selected);
  const live = useTicketStream({ onChange: heard, onReady: resync });

  const types = useQuery({ queryKey: ['ticket-types'], queryFn: () => get<{ items: TicketType[] }>('/ticket-types'), staleTime: 300_000 });
  const typeName = (key: string) => {
    const type = types.data?.items.find((item) => item.key === key);
    return type ? nameOfType(type, i18n.language) : key;
  };

  // The search box updates the URL a moment after typing stops.
  const [search, setSearch] = useState(filters.q);
  useEffect(() => setSearch(filters.q), [filters.q]);
  useEffect(() => {
    if (search.trim() === filters.q) return;
    const timer = setTimeout(() => update({ q: search.trim() }, true), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  });

  function update(changes: Record<string, string | null>, replace = false) {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace });
  }

  const columns = queueColumns(t, people, typeName);
  const selectedTickets = rows.filter((row) => selected.has(row.ticket.id)).map((row) => row.ticket);
  const teamEmpty = view === 'team' && audience && !audience.teamIds.length;

  return (
    <Flex vertical gap={12} className="ws">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>{t('title')}</Typography.Title>
        <LiveIndicator state={live} />
      </Flex>

      <Tabs activeKey={view} onChange={(key) => update({ view: key })} aria-label={t('views')}
        items={views.map((key) => ({ key, label: t(`view.${key}`) }))} />

      <Flex wrap gap={8}>
        <Input className="ws-search" prefix={<SearchOutlined aria-hidden />} allowClear value={search} placeholder={t('search')}
          aria-label={t('search')} onChange={(event) => setSearch(event.target.value)}
          onPressEnter={() => update({ q: search.trim() }, true)} />
        <Select className="ws-filter" aria-label={t('filterType')} allowClear placeholder={t('allTypes')} value={filters.type}
          onChange={(value: string | undefined) => update({ type: value ?? null })}
          options={(types.data?.items ?? []).map((type) => ({ value: type.key, label: nameOfType(type, i18n.language) }))} />
        <Select className="ws-filter" aria-label={t('filterPriority')} allowClear placeholder={t('allPriorities')} value={filters.priority}
          onChange={(value: string | undefined) => update({ priority: value ?? null })}
          options={PRIORITIES.map((priority) => ({ value: priority, label: t(`common:priority.${priority}`) }))} />
        <Select className="ws-filter ws-filter--wide" aria-label={t('filterStatus')} mode="multiple" allowClear maxTagCount="responsive"
          placeholder={t('viewStatuses')} value={filters.statuses}
          onChange={(value: string[]) => update({ status: value.join(',') || null })}
          options={STATUSES.map((status) => ({ value: status, label: t(`common:status.${status}`) }))} />
      </Flex>

      {teamEmpty && <Alert type="info" showIcon title={t('noTeam')} />}
      {view === 'team' && teamCapped && <Alert type="warning" showIcon title={t('teamCapped', { count: TEAM_CAP })} />}
      {list.isError && (
        <Alert type="error" showIcon title={t('common:error.generic', { message: list.error.message })}
          action={<Button size="small" onClick={() => void list.refetch()}>{t('common:action.retry')}</Button>} />
      )}

      {isStaff(me ?? undefined) && (
        <BulkActions tickets={selectedTickets} supervisor={supervisor} people={people} onUpdated={remember}
          onSucceeded={(ids) => setSelectedIds((current) => current.filter((id) => !ids.includes(id)))} onClear={() => setSelectedIds([])} />
      )}

      <Table<Row>
        className="ws-table"
        size="middle"
        rowKey={(row) => row.ticket.id}
        columns={columns}
        dataSource={rows}
        loading={!teamEmpty && (list.isPending || !audience)}
        pagination={false}
        scroll={{ x: 1140 }}
        rowClassName={(row) => (row.live ? 'ws-row--new' : '')}
        rowSelection={isStaff(me ?? undefined) ? {
          selectedRowKeys: selectedIds,
          onChange: (keys) => setSelectedIds(keys as string[]),
          getCheckboxProps: (row) => ({ 'aria-label': row.ticket.number }),
        } : undefined}
        locale={{ emptyText: t('emptyView') }}
      />

      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Text type="secondary">
          {t('loaded', { count: rows.length })}
          {view === 'breaching' && scanned > 0 && ` · ${t('scanned', { count: scanned })}`}
        </Typography.Text>
        {list.hasNextPage
          ? <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>{t('loadMore')}</Button>
          : rows.length > 0 && <Typography.Text type="secondary">{t('noMore')}</Typography.Text>}
      </Flex>
    </Flex>
  );
}
