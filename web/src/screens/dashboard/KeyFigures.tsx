/** The figures people look for first, as big numbers above the charts. */
import type { ReactNode } from 'react';
import { Card, Statistic, Typography } from 'antd';
import { useStrings } from '../../shared/i18n.ts';
import { formatMinutes, toMinutes } from './charts.ts';
import { NAMESPACE, strings } from './strings.ts';
import type { DashboardData } from './types.ts';

interface FigureProps {
  name: string;
  title: string;
  value: number | string;
  suffix?: string;
  note: ReactNode;
  tone?: 'danger' | 'warning';
}

const TONES = { danger: '#cf1322', warning: '#d46b08' };

function Figure({ name, title, value, suffix, note, tone }: FigureProps) {
  return (
    <Card size="small" className="dashboard-figure" data-figure={name}>
      <Statistic title={title} value={value} suffix={suffix} styles={{ content: tone ? { color: TONES[tone] } : undefined }} />
      <Typography.Text type="secondary" className="dashboard-figure-note">{note}</Typography.Text>
    </Card>
  );
}

const percent = (rate: number | null, none: string) => (rate === null ? none : `${Math.round(rate * 100)}%`);

export function KeyFigures({ data }: { data: DashboardData }) {
  const { t } = useStrings(NAMESPACE, strings);
  const { backlog, slaRisk, firstResponse, engineerLoad } = data;
  const median = toMinutes(firstResponse.medianSeconds);
  return (
    <div className="dashboard-figures">
      <Figure name="open" title={t('figure.open')} value={backlog.open} suffix={t('unit.tickets') || undefined}
        note={t('figure.openNote', { created: backlog.createdToday, resolved: backlog.resolvedToday })} />
      <Figure name="unassigned" title={t('figure.unassigned')} value={backlog.unassigned} suffix={t('unit.tickets') || undefined}
        tone={backlog.unassigned ? 'warning' : undefined}
        note={t('figure.unassignedNote', { failed: backlog.dispatchFailed, onHold: backlog.onHold })} />
      <Figure name="overdue" title={t('figure.overdue')} value={slaRisk.overdue} suffix={t('unit.tickets') || undefined}
        tone={slaRisk.overdue ? 'danger' : undefined} note={t('figure.overdueNote', { soon: slaRisk.dueSoon })} />
      <Figure name="median" title={t('figure.median')} value={median ?? t('none')} suffix={median === null ? undefined : t('unit.minutes')}
        note={t('figure.medianNote', { p90: formatMinutes(t, firstResponse.p90Seconds), rate: percent(firstResponse.metRate, t('none')) })} />
      <Figure name="engineers" title={t('figure.engineers')} value={engineerLoad.online} suffix={`/ ${engineerLoad.engineers}`}
        note={t('figure.engineersNote', {
          total: engineerLoad.engineers, average: engineerLoad.averageOpen === null ? t('none') : engineerLoad.averageOpen.toFixed(1),
        })} />
    </div>
  );
}
