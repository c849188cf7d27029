/** The cross-system status bar (GET /tickets/{id}/external-links): the ticket's records in other systems and their last known state. */
import { useQuery } from '@tanstack/react-query';
import { Flex, Tag, Tooltip, Typography } from 'antd';
import type { TFunction } from 'i18next';
import dayjs from 'dayjs';
import { get } from '../../shared/api.ts';

interface ExternalLink {
  system: string;
  externalId: string;
  state: string | null;
  stateAt: string | null;
  note: string | null;
  callback: { status: 'pending' | 'failing' | 'delivered' | 'failed'; at: string; lastError: string | null } | null;
}

const CALLBACK_COLORS = { pending: 'default', failing: 'warning', delivered: 'success', failed: 'error' } as const;

export function ExternalLinks({ ticketId, t }: { ticketId: string; t: TFunction }) {
  const links = useQuery({ queryKey: ['ticket', ticketId, 'external-links'], queryFn: () => get<ExternalLink[]>(`/tickets/${ticketId}/external-links`) });
  if (links.isError) return <Typography.Text type="danger">{links.error.message}</Typography.Text>;
  if (!links.data?.length) return <Typography.Text type="secondary">{links.isPending ? t('common:loading') : t('links.none')}</Typography.Text>;
  return (
    <Flex vertical gap={8} role="list">
      {links.data.map((link) => (
        <Flex key={`${link.system}:${link.externalId}`} wrap gap={6} align="center" role="listitem" className="tp-link">
          <Tag color="purple">{link.system}</Tag>
          <Typography.Text code>{link.externalId}</Typography.Text>
          <Typography.Text>{link.state ? t('links.state', { state: link.state }) : t('links.stateUnknown')}</Typography.Text>
          {link.stateAt && <Typography.Text type="secondary">{dayjs(link.stateAt).format('MM-DD HH:mm')}</Typography.Text>}
          {link.callback && (
            <Tooltip title={link.callback.lastError ?? undefined}>
              <Tag color={CALLBACK_COLORS[link.callback.status]}>{t('links.callback', { status: t(`callback.${link.callback.status}`) })}</Tag>
            </Tooltip>
          )}
          {link.note && <Typography.Text type="secondary" className="tp-text">{link.note}</Typography.Text>}
        </Flex>
      ))}
    </Flex>
  );
}
