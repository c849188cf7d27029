/**
 * The dashboard: today's backlog, SLA at risk, first-response time, top fault types and
 * engineer load, as big numbers and charts. The server computes every figure in SQL over the
 * tenant's tickets, by the tenant's calendar days; the browser only draws them.
 */
import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Result, Segmented, Spin, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { get } from '../../shared/api.ts';
import { useStrings } from '../../shared/i18n.ts';
import { useMe } from '../../shared/session.ts';
import { isEnglish } from '../../shared/ticket-forms.ts';
import { hasRole } from '../../shared/types.ts';
import { backlogChart, faultTypesChart, loadChart, responseChart, riskChart, type Chart } from './charts.ts';
import { EChart } from './EChart.tsx';
import { KeyFigures } from './KeyFigures.tsx';
import { NAMESPACE, strings } from './strings.ts';
import { PERIODS, type DashboardData, type Period } from './types.ts';
import './dashboard.css';

const REFRESH_MS = 60_000;

/** The clock time of an instant in the tenant's zone, the zone every figure is counted in. */
const timeIn = (at: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(new Date(at));

interface ChartCardProps {
  name: string;
  title: string;
  range?: string;
  chart: Chart;
  locale: 'ZH' | 'EN';
  /** Across both columns: the trend reads better wide. */
  wide?: boolean;
}

function ChartCard({ name, title, range, chart, locale, wide }: ChartCardProps) {
  return (
    <Card size="small" title={<h2 className="dashboard-chart-title">{title}</h2>} extra={range}
      className={`dashboard-card${wide ? ' dashboard-card--wide' : ''}`} data-chart={name}>
      <EChart option={chart.option} summary={chart.summary} locale={locale} height={chart.height} />
    </Card>
  );
}

export default function Dashboard() {
  const { t, i18n } = useStrings(NAMESPACE, strings);
  const common = useTranslation().t;
  const me = useMe().data ?? undefined;
  const allowed = hasRole(me, 'admin', 'dispatcher', 'manager', 'expert', 'finance');
  const [period, setPeriod] = useState<Period>('default');
  const dashboard = useQuery({
    queryKey: ['dashboard', period],
    queryFn: () => get<DashboardData>(`/analytics/dashboard${period === 'default' ? '' : `?days=${period}`}`),
    enabled: allowed,
    refetchInterval: REFRESH_MS,
    placeholderData: (previous) => previous,
  });
  const english = isEnglish(i18n.language);
  const data = dashboard.data;
  const charts = useMemo(() => data && {
    backlog: backlogChart(data.backlog, t),
    risk: riskChart(data.slaRisk, t, common),
    response: responseChart(data.firstResponse, t),
    faults: faultTypesChart(data.faultTypes, t, english),
    load: loadChart(data.engineerLoad, t),
  }, [data, t, common, english]);

  if (!allowed) return <Result status="403" title="403" subTitle={common('error.forbidden')} />;
  const locale = english ? 'EN' : 'ZH';
  const range = (from: string, to: string) => (from === to ? from : t('range', { from, to }));

  return (
    <div className="dashboard">
      <header className="dashboard-header">
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>{t('title')}</Typography.Title>
          {data && (
            <Typography.Text type="secondary">
              {t('subtitle', { today: data.today, timeZone: data.timeZone, time: timeIn(data.generatedAt, data.timeZone) })}
            </Typography.Text>
          )}
        </div>
        <div className="dashboard-tools">
          <Segmented aria-label={t('period')} value={period} onChange={(value) => setPeriod(value as Period)}
            options={PERIODS.map((value) => ({ value, label: t(`period.${value}`) }))} />
          <Button icon={<ReloadOutlined />} loading={dashboard.isFetching} onClick={() => void dashboard.refetch()}>
            {common('action.refresh')}
          </Button>
        </div>
      </header>

      {dashboard.error && <Alert type="error" showIcon role="alert" title={common('error.generic', { message: dashboard.error.message })} />}
      {!data || !charts ? (dashboard.isPending && <Spin description={common('loading')}><div style={{ height: 120 }} /></Spin>) : (
        <>
          <KeyFigures data={data} />
          <div className="dashboard-charts">
            <ChartCard wide name="backlog" title={t('chart.backlog')} range={range(data.backlog.from, data.backlog.to)} chart={charts.backlog} locale={locale} />
            <ChartCard name="risk" title={t('chart.risk')} chart={charts.risk} locale={locale} />
            <ChartCard name="response" title={t('chart.response')} range={range(data.firstResponse.from, data.firstResponse.to)}
              chart={charts.response} locale={locale} />
            <ChartCard name="faults" title={t('chart.faults')} range={range(data.faultTypes.from, data.faultTypes.to)} chart={charts.faults} locale={locale} />
            <ChartCard name="load" title={t('chart.load')} chart={charts.load} locale={locale} />
          </div>
        </>
      )}
    </div>
  );
}
