/**
 * A small React wrapper of ECharts: only the chart types and components the dashboard draws are
 * registered (tree-shaken from 'echarts/core'), drawn as SVG (crisp at any zoom, and its text
 * is real text), resized with its container, disposed with the component. The chart is one
 * image to assistive technology, named by a summary the caller writes in words.
 */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts';
import {
  GridComponent, LegendComponent, TooltipComponent,
  type GridComponentOption, type LegendComponentOption, type TooltipComponentOption,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export type ChartOption = echarts.ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

interface Props {
  option: ChartOption;
  /** What the chart shows, in words, for screen readers. */
  summary: string;
  /** ECharts' own words (e.g. "no data"): ZH or EN. */
  locale: 'ZH' | 'EN';
  height?: number;
}

export function EChart({ option, summary, locale, height = 280 }: Props) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  // One instance per element and locale (ECharts takes the locale only when it starts).
  useEffect(() => {
    const instance = echarts.init(element.current!, undefined, { renderer: 'svg', locale });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element.current!);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [locale]);

  useEffect(() => {
    // notMerge: a series that disappears (a type no longer in the top ten) must leave the chart.
    chart.current?.setOption(option, { notMerge: true });
  }, [option, locale]);

  return (
    <div role="img" aria-label={summary} className="dashboard-chart">
      <div ref={element} style={{ width: '100%', height }} aria-hidden="true" />
    </div>
  );
}
