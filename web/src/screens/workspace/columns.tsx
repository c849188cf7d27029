/** The queue's columns: number (a link to the ticket), title, status, priority, type, assignee, both SLA clocks, created. */
import { Link } from 'react-router';
import { Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { TFunction } from 'i18next';
import dayjs from 'dayjs';
import type { People } from '../../shared/people.ts';
import { SlaCountdown } from '../../shared/sla-clock.tsx';
import { PRIORITY_COLORS, STATUS_COLORS } from '../../shared/ticket-colors.ts';
import type { Ticket } from '../../shared/types.ts';

export interface Row {
  ticket: Ticket;
  /** Arrived live after the list was loaded. */
  live: boolean;
}

export function queueColumns(t: TFunction, people: People, typeName: (key: string) => string): ColumnsType<Row> {
  return [
    {
      key: 'number', title: t('col.number'), width: 190, fixed: 'start',
      render: (_, { ticket, live }) => (
        <>
          <Link to={`/tickets/${ticket.id}`}>{ticket.number}</Link>
          {live && <Tag color="blue" variant="filled" style={{ marginInlineStart: 4, marginInlineEnd: 0 }}>{t('newRow')}</Tag>}
        </>
      ),
    },
    {
      key: 'title', title: t('col.title'), ellipsis: true,
      // Text, never markup: React escapes it, whatever the requester typed.
      render: (_, { ticket }) => <Typography.Text title={ticket.title}>{ticket.title}</Typography.Text>,
    },
    {
      key: 'status', title: t('col.status'), width: 88,
      render: (_, { ticket }) => <Tag color={STATUS_COLORS[ticket.status]}>{t(`common:status.${ticket.status}`)}</Tag>,
    },
    {
      key: 'priority', title: t('col.priority'), width: 88,
      render: (_, { ticket }) => <Tag color={PRIORITY_COLORS[ticket.priority]}>{t(`common:priority.${ticket.priority}`)}</Tag>,
    },
    { key: 'type', title: t('col.type'), width: 88, ellipsis: true, render: (_, { ticket }) => typeName(ticket.type) },
    {
      key: 'assignee', title: t('col.assignee'), width: 100, ellipsis: true,
      render: (_, { ticket }) => {
        if (ticket.assigneeId) return people.nameOf(ticket.assigneeId);
        if (ticket.offeredTo.length) return <Typography.Text type="secondary">{t('offeredTo', { count: ticket.offeredTo.length })}</Typography.Text>;
        return <Typography.Text type="secondary">{t('common:unassigned')}</Typography.Text>;
      },
    },
    { key: 'response', title: t('col.response'), width: 128, render: (_, { ticket }) => <SlaCountdown ticket={ticket} clock="response" /> },
    { key: 'resolve', title: t('col.resolve'), width: 140, render: (_, { ticket }) => <SlaCountdown ticket={ticket} clock="resolve" /> },
    {
      key: 'created', title: t('col.created'), width: 100,
      render: (_, { ticket }) => <time dateTime={ticket.createdAt}>{dayjs(ticket.createdAt).format('MM-DD HH:mm')}</time>,
    },
  ];
}
