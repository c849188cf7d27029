/** The ticket's device and its other tickets: a repeat fault shows at a glance. */
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Descriptions, Flex, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import dayjs from 'dayjs';
import { get, query } from '../../shared/api.ts';
import type { Page, Ticket } from '../../shared/types.ts';
import { STATUS_COLORS } from '../../shared/ticket-colors.ts';

interface Device {
  id: string;
  serial: string;
  model: string;
  site: string | null;
  address: string | null;
  installedAt: string | null;
}

const HISTORY_SIZE = 10;

export function DevicePanel({ ticket, t }: { ticket: Ticket; t: TFunction }) {
  const deviceId = ticket.deviceId;
  const device = useQuery({
    queryKey: ['device', deviceId],
    queryFn: () => get<Device>(`/devices/${deviceId}`),
    enabled: !!deviceId,
  });
  const history = useQuery({
    queryKey: ['ticket', ticket.id, 'device-history', deviceId],
    queryFn: () => get<Page<Ticket>>(`/tickets${query({ deviceId, limit: HISTORY_SIZE + 1 })}`),
    enabled: !!deviceId,
  });
  if (!deviceId) return <Typography.Text type="secondary">{t('device.none')}</Typography.Text>;
  const others = (history.data?.items ?? []).filter((item) => item.id !== ticket.id).slice(0, HISTORY_SIZE);
  const found = device.data;
  return (
    <Flex vertical gap={12}>
      {found && (
        <Descriptions size="small" column={1} items={[
          { key: 'model', label: t('device.model'), children: found.model },
          { key: 'serial', label: t('device.serial'), children: found.serial },
          ...(found.site ? [{ key: 'site', label: t('device.site'), children: found.site }] : []),
          ...(found.address ? [{ key: 'address', label: t('device.address'), children: found.address }] : []),
          ...(found.installedAt ? [{ key: 'installed', label: t('device.installed'), children: dayjs(found.installedAt).format('YYYY-MM-DD') }] : []),
        ]} />
      )}
      {device.isError && <Typography.Text type="danger">{device.error.message}</Typography.Text>}
      <Typography.Text strong>{t('device.history')}</Typography.Text>
      {others.length === 0
        ? <Typography.Text type="secondary">{t('device.noHistory')}</Typography.Text>
        : (
          <ul className="tp-history">
            {others.map((item) => (
              <li key={item.id}>
                <Link to={`/tickets/${item.id}`}>{item.number}</Link>
                <Tag color={STATUS_COLORS[item.status]}>{t(`common:status.${item.status}`)}</Tag>
                <Typography.Text ellipsis className="tp-history-title">{item.title}</Typography.Text>
                <Typography.Text type="secondary">{dayjs(item.createdAt).format('YYYY-MM-DD')}</Typography.Text>
              </li>
            ))}
          </ul>
        )}
    </Flex>
  );
}
