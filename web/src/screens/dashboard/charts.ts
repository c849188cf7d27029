/**
 * The dashboard's charts as ECharts options, built from the server's figures with every label,
 * legend and tooltip in the reader's language, each with a summary in words. Pure.
 */
import type { TFunction } from 'i18next';
import { PRIORITIES } from '../../shared/types.ts';
import type { ChartOption } from './EChart.tsx';
import type { DashboardData, EngineerLoadItem } from './types.ts';

export interface Chart {
  option: ChartOption;
  summary: string;
  height?: number;
}

const COLORS = {
  created: '#1677ff', resolved: '#52c41a', open: '#fa8c16', overdue: '#cf1322', dueSoon: '#faad14',
  median: '#1677ff', p90: '#722ed1', reports: '#1677ff',
  dispatched: '#adc6ff', accepted: '#36cfc9', inProgress: '#1677ff', onHold: '#faad14',
};

const BASE = {
  animationDuration: 300,
  // Axis labels and names inside the chart's box: a long type or engineer name must not be cut at the edge.
  grid: { left: 8, right: 24, top: 48, bottom: 8, outerBoundsMode: 'same' as const, outerBoundsContain: 'all' as const },
  legend: { top: 0, type: 'plain' as const, itemGap: 16 },
  textStyle: { fontFamily: 'inherit' },
};

/** "2026-11-24" → "11-24": the year is in the period line above the charts. */
const shortDay = (day: string) => day.slice(5);

export const toMinutes = (seconds: number | null) => (seconds === null ? null : Math.round(seconds / 6) / 10);

export function formatMinutes(t: TFunction, seconds: number | null): string {
  const minutes = toMinutes(seconds);
  return minutes === null ? t('none') : t('minutes', { value: minutes });
}

const count = (t: TFunction) => (value: unknown) => t('tickets', { value: typeof value === 'number' ? value : 0 });

export function backlogChart(data: DashboardData['backlog'], t: TFunction): Chart {
  const sum = (field: 'created' | 'resolved') => data.days.reduce((total, day) => total + day[field], 0);
  return {
    summary: t('summary.backlog', { from: data.from, to: data.to, created: sum('created'), resolved: sum('resolved'), open: data.open }),
    option: {
      ...BASE,
      tooltip: { trigger: 'axis', valueFormatter: count(t) },
      xAxis: { type: 'category', data: data.days.map((day) => shortDay(day.day)) },
      yAxis: { type: 'value', name: t('axis.tickets'), minInterval: 1 },
      series: [
        { type: 'bar', name: t('series.created'), data: data.days.map((day) => day.created), itemStyle: { color: COLORS.created } },
        { type: 'bar', name: t('series.resolved'), data: data.days.map((day) => day.resolved), itemStyle: { color: COLORS.resolved } },
        { type: 'line', name: t('series.open'), data: data.days.map((day) => day.open), itemStyle: { color: COLORS.open }, smooth: false },
      ],
    },
  };
}

export function riskChart(data: DashboardData['slaRisk'], t: TFunction, common: TFunction): Chart {
  const rows = PRIORITIES.map((priority) => data.byPriority.find((row) => row.priority === priority) ?? { priority, overdue: 0, dueSoon: 0 });
  return {
    summary: t('summary.risk', { overdue: data.overdue, soon: data.dueSoon }),
    option: {
      ...BASE,
      tooltip: { trigger: 'axis', valueFormatter: count(t) },
      xAxis: { type: 'category', data: rows.map((row) => common(`priority.${row.priority}`)) },
      yAxis: { type: 'value', name: t('axis.tickets'), minInterval: 1 },
      series: [
        { type: 'bar', stack: 'risk', name: t('series.overdue'), data: rows.map((row) => row.overdue), itemStyle: { color: COLORS.overdue } },
        { type: 'bar', stack: 'risk', name: t('series.dueSoon'), data: rows.map((row) => row.dueSoon), itemStyle: { color: COLORS.dueSoon } },
      ],
    },
  };
}

export function responseChart(data: DashboardData['firstResponse'], t: TFunction): Chart {
  return {
    summary: t('summary.response', {
      responded: data.responded, waiting: data.waiting, median: formatMinutes(t, data.medianSeconds), p90: formatMinutes(t, data.p90Seconds),
    }),
    option: {
      ...BASE,
      tooltip: { trigger: 'axis', valueFormatter: (value) => (typeof value === 'number' ? t('minutes', { value }) : t('none')) },
      xAxis: { type: 'category', data: data.days.map((day) => shortDay(day.day)) },
      yAxis: { type: 'value', name: t('axis.minutes') },
      series: [
        { type: 'line', name: t('series.median'), data: data.days.map((day) => toMinutes(day.medianSeconds)), connectNulls: true, itemStyle: { color: COLORS.median } },
        { type: 'line', name: t('series.p90'), data: data.days.map((day) => toMinutes(day.p90Seconds)), connectNulls: true, itemStyle: { color: COLORS.p90 }, lineStyle: { type: 'dashed' } },
      ],
    },
  };
}

/** A category axis that lists its names top down, for horizontal bars. */
const namesAxis = (names: string[]) => ({ type: 'category' as const, data: names, inverse: true, axisLabel: { width: 96, overflow: 'truncate' as const } });
const barHeight = (rows: number) => Math.max(160, 64 + rows * 30);

export function faultTypesChart(data: DashboardData['faultTypes'], t: TFunction, english: boolean): Chart {
  const names = data.items.map((item) => (english ? item.nameEn : item.nameZh));
  const list = data.items.map((item, index) => t('summary.item', { name: names[index], count: item.count })).join(t('listSeparator'));
  return {
    summary: t('summary.faults', { list: list || t('noData') }),
    height: barHeight(data.items.length),
    option: {
      ...BASE,
      legend: { show: false },
      grid: { ...BASE.grid, top: 8 },
      tooltip: { trigger: 'axis', valueFormatter: count(t) },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: namesAxis(names),
      series: [{ type: 'bar', name: t('series.reports'), data: data.items.map((item) => item.count), itemStyle: { color: COLORS.reports }, label: { show: true, position: 'right' } }],
    },
  };
}

const LOAD_PARTS = ['dispatched', 'accepted', 'inProgress', 'onHold'] as const satisfies readonly (keyof EngineerLoadItem)[];

export function loadChart(data: DashboardData['engineerLoad'], t: TFunction): Chart {
  const list = data.items.map((item) => t('summary.item', { name: item.name, count: item.open })).join(t('listSeparator'));
  return {
    summary: t('summary.load', { list: list || t('noData') }),
    height: barHeight(data.items.length),
    option: {
      ...BASE,
      tooltip: { trigger: 'axis', valueFormatter: count(t) },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: namesAxis(data.items.map((item) => item.name)),
      series: LOAD_PARTS.map((part) => ({
        type: 'bar' as const, stack: 'load', name: t(`series.${part}`), data: data.items.map((item) => item[part]), itemStyle: { color: COLORS[part] },
      })),
    },
  };
}
