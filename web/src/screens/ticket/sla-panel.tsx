/** The SLA clock (GET /tickets/{id}/sla): both clocks ticking, how much of each is used, and the escalation ladder. */
import { useQuery } from '@tanstack/react-query';
import { Flex, Progress, Steps, Typography } from 'antd';
import type { TFunction } from 'i18next';
import dayjs from 'dayjs';
import { get } from '../../shared/api.ts';
import { formatDuration, SlaCountdown, useSlaStrings, type ClockName } from '../../shared/sla-clock.tsx';
import type { Ticket } from '../../shared/types.ts';

interface Clock {
  targetSeconds: number;
  elapsedSeconds: number;
  remainingSeconds: number;
  dueAt: string | null;
  paused: boolean;
  stopped: boolean;
  breached: boolean;
}

interface TicketSla {
  policy: { id: string; name: string } | null;
  paused: boolean;
  clocks: Record<ClockName, Clock> | null;
  breaches: unknown[];
  ladder: { key: string; name: string | null; clock: string | null; plannedAt: string | null; firedAt: string | null }[];
}

const when = (at: string) => dayjs(at).format('MM-DD HH:mm');

function ClockRow({ ticket, name, clock, t }: { ticket: Ticket; name: ClockName; clock: Clock; t: TFunction }) {
  const { t: ts } = useSlaStrings();
  const used = clock.targetSeconds > 0 ? Math.min(100, Math.round((clock.elapsedSeconds / clock.targetSeconds) * 100)) : 0;
  return (
    <Flex vertical gap={2}>
      <Flex justify="space-between" wrap gap={8}>
        <Typography.Text strong>{t(`sla.${name}`)}</Typography.Text>
        <SlaCountdown ticket={ticket} clock={name} />
      </Flex>
      <Progress percent={used} size="small" showInfo={false} status={clock.breached ? 'exception' : clock.stopped ? 'success' : 'active'}
        aria-label={t(`sla.${name}`)} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('sla.target', { time: formatDuration(ts, clock.targetSeconds) })}
        {clock.dueAt && ` · ${t('sla.due', { at: when(clock.dueAt) })}`}
      </Typography.Text>
    </Flex>
  );
}

export function SlaPanel({ ticket, t }: { ticket: Ticket; t: TFunction }) {
  const sla = useQuery({ queryKey: ['ticket', ticket.id, 'sla'], queryFn: () => get<TicketSla>(`/tickets/${ticket.id}/sla`) });
  if (sla.isError) return <Typography.Text type="danger">{sla.error.message}</Typography.Text>;
  if (!sla.data) return null;
  const { policy, clocks, ladder } = sla.data;
  if (!policy || !clocks) return <Typography.Text type="secondary">{t('sla.noPolicy')}</Typography.Text>;
  const breached = (['response', 'resolve'] as const).filter((name) => clocks[name].breached);
  return (
    <Flex vertical gap={12}>
      <Typography.Text type="secondary">{t('sla.policy', { name: policy.name })}</Typography.Text>
      <ClockRow ticket={ticket} name="response" clock={clocks.response} t={t} />
      <ClockRow ticket={ticket} name="resolve" clock={clocks.resolve} t={t} />
      {breached.length > 0 && (
        <Typography.Text type="danger">{t('sla.breaches', { clocks: breached.map((name) => t(`sla.${name}`)).join('、') })}</Typography.Text>
      )}
      {ladder.length > 0 && (
        <>
          <Typography.Text strong>{t('sla.ladder')}</Typography.Text>
          <Steps orientation="vertical" size="small" current={ladder.filter((step) => step.firedAt).length}
            items={ladder.map((step, index) => ({
              key: step.key,
              title: step.name ?? t('sla.stepNameless', { index: index + 1 }),
              content: step.firedAt ? t('sla.fired', { at: when(step.firedAt) }) : step.plannedAt ? t('sla.planned', { at: when(step.plannedAt) }) : undefined,
              status: step.firedAt ? 'error' : 'wait',
            }))} />
        </>
      )}
    </Flex>
  );
}
