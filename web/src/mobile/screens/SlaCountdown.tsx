/** The SLA clock that matters now (response until someone answers, then resolution), counting down. */
import { useEffect, useState } from 'react';
import { ClockCircleOutlined } from '@ant-design/icons';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Ticket } from '../../shared/types.ts';
import { useStrings } from '../../shared/i18n.ts';
import { mobileStrings } from '../strings.ts';

const SOON_SECONDS = 30 * 60;

function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

export function formatDuration(seconds: number, t: TFunction): string {
  const minutes = Math.floor(Math.abs(seconds) / 60);
  if (minutes < 60) return t('time.minutes', { count: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t('time.hours', { count: hours, minutes: minutes % 60 });
  return t('time.days', { count: Math.floor(hours / 24), hours: hours % 24 });
}

export function SlaCountdown({ ticket }: { ticket: Pick<Ticket, 'status' | 'sla'> }) {
  const { t: common } = useTranslation();
  const { t } = useStrings('mobile', mobileStrings);
  const now = useNow(30_000);
  if (['resolved', 'closed', 'cancelled'].includes(ticket.status)) return null;
  const { sla } = ticket;
  const clock = !sla.firstRespondedAt && sla.responseDueAt
    ? { label: t('sla.response'), due: sla.responseDueAt }
    : sla.resolveDueAt ? { label: t('sla.resolve'), due: sla.resolveDueAt } : null;
  if (!clock) return null;
  if (sla.paused) return <span className="m-sla">{clock.label} {common('time.paused')}</span>;
  const seconds = (Date.parse(clock.due) - now) / 1000;
  const tone = seconds < 0 ? 'is-overdue' : seconds < SOON_SECONDS ? 'is-soon' : '';
  const text = seconds < 0 ? common('time.overdueBy', { duration: formatDuration(seconds, common) }) : common('time.left', { duration: formatDuration(seconds, common) });
  return <span className={`m-sla ${tone}`}><ClockCircleOutlined /> {clock.label} {text}</span>;
}
