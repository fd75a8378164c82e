/**
 * Chart options of the big screen (数据可视化): dark background, light text, glowing series. Pure
 * functions of the dashboard data and the translated labels, so the view only arranges panels.
 */
import type { LightCounts, MetricRow } from '@/shared/api/supervision';
import type { EChartOption } from '@/shared/components/echarts';
import { ratePercent } from '@/shared/components/metrics/labels';
import type { TrendDay } from '@/shared/components/metrics/trend';

export const SCREEN_COLORS = {
  text: '#a9c4e8',
  strong: '#e8f3ff',
  cyan: '#22d3ee',
  blue: '#3b82f6',
  green: '#34d399',
  yellow: '#fbbf24',
  red: '#f43f5e',
  grey: '#64748b',
  axis: 'rgba(148, 187, 233, 0.25)',
  split: 'rgba(148, 187, 233, 0.1)',
};

const C = SCREEN_COLORS;

type Label = (key: string) => string;

const tooltip = {
  backgroundColor: 'rgba(6, 22, 52, 0.92)',
  borderColor: 'rgba(34, 211, 238, 0.5)',
  textStyle: { color: C.strong, fontSize: 14 },
} as const;

const axisCommon = {
  axisLine: { lineStyle: { color: C.axis } },
  axisTick: { show: false },
  axisLabel: { color: C.text, fontSize: 13 },
  splitLine: { lineStyle: { color: C.split, type: 'dashed' as const } },
};

/** A centred "no data" message instead of empty axes. */
function empty(text: string): EChartOption {
  return { title: { text, left: 'center', top: 'middle', textStyle: { color: C.grey, fontSize: 16, fontWeight: 'normal' } } };
}

function gradient(from: string, to: string, horizontal = false) {
  return {
    type: 'linear' as const,
    x: 0,
    y: 0,
    x2: horizontal ? 1 : 0,
    y2: horizontal ? 0 : 1,
    colorStops: [
      { offset: 0, color: from },
      { offset: 1, color: to },
    ],
  };
}

/** A smooth line of the trend over a fill fading from `fill[0]` to `fill[1]`; `glow`: the line shines. */
function areaLine(name: string, color: string, fill: [string, string], data: number[], glow = false) {
  const line = glow ? { width: 3, color, shadowBlur: 10, shadowColor: color } : { width: 3, color };
  return { name, type: 'line' as const, smooth: 0.3, symbol: 'none', lineStyle: line, itemStyle: { color }, areaStyle: { color: gradient(...fill) }, data };
}

/** 近30日: received (area), decided (line), on-time rate (dashed, right axis %). */
export function trendOption(days: TrendDay[], l: Label): EChartOption {
  return {
    tooltip: { ...tooltip, trigger: 'axis' },
    legend: { top: 0, right: 10, textStyle: { color: C.text, fontSize: 13 }, itemWidth: 16, itemHeight: 8 },
    grid: { left: 12, right: 12, top: 44, bottom: 6, containLabel: true },
    xAxis: { type: 'category', boundaryGap: false, data: days.map((d) => d.day.slice(5)), ...axisCommon, splitLine: { show: false } },
    yAxis: [
      { type: 'value', minInterval: 1, ...axisCommon },
      { type: 'value', min: 0, max: 100, ...axisCommon, axisLabel: { color: C.text, fontSize: 13, formatter: '{value}%' }, splitLine: { show: false } },
    ],
    series: [
      areaLine(l('received'), C.cyan, ['rgba(34, 211, 238, 0.45)', 'rgba(34, 211, 238, 0.02)'], days.map((d) => d.received), true),
      areaLine(l('decided'), C.green, ['rgba(52, 211, 153, 0.25)', 'rgba(52, 211, 153, 0.0)'], days.map((d) => d.decided)),
      {
        name: l('onTimeRate'),
        type: 'line',
        yAxisIndex: 1,
        smooth: true,
        connectNulls: true,
        symbol: 'circle',
        symbolSize: 5,
        lineStyle: { width: 2, color: C.yellow, type: 'dashed' },
        itemStyle: { color: C.yellow },
        data: days.map((d) => ratePercent(d.onTimeRate)),
      },
    ],
  };
}

/** 在办件亮灯: a ring of green / yellow / red (and paused) with the total in the middle. */
export function lightsOption(open: LightCounts & { total: number }, l: Label): EChartOption {
  const parts = [
    { name: l('green'), value: open.green, itemStyle: { color: C.green } },
    { name: l('yellow'), value: open.yellow, itemStyle: { color: C.yellow } },
    { name: l('red'), value: open.red, itemStyle: { color: C.red } },
    { name: l('paused'), value: open.paused, itemStyle: { color: C.grey } },
  ];
  const none = parts.every((p) => p.value === 0);
  return {
    tooltip: { ...tooltip, trigger: 'item', formatter: '{b}：{c}（{d}%）' },
    title: {
      text: String(open.total),
      subtext: l('openTotal'),
      left: 'center',
      top: '36%',
      textStyle: { color: C.strong, fontSize: 40, fontWeight: 'bold' },
      subtextStyle: { color: C.text, fontSize: 15 },
      itemGap: 4,
    },
    series: [
      {
        type: 'pie',
        radius: ['58%', '80%'],
        center: ['50%', '50%'],
        avoidLabelOverlap: true,
        label: { show: false },
        itemStyle: { borderColor: '#071a3d', borderWidth: 3 },
        emptyCircleStyle: { color: 'rgba(148, 187, 233, 0.12)' },
        data: none ? [] : parts.filter((p) => p.value > 0),
      },
      {
        // the thin outer ring, for the look of a dial
        type: 'pie',
        radius: ['86%', '88%'],
        silent: true,
        label: { show: false },
        itemStyle: { color: 'rgba(34, 211, 238, 0.35)' },
        data: [1],
      },
    ],
  };
}

/** 满意率 as a dial (0–100 %). */
export function satisfactionOption(rate: number | null, l: Label): EChartOption {
  const value = ratePercent(rate);
  return {
    series: [
      {
        type: 'gauge',
        startAngle: 210,
        endAngle: -30,
        min: 0,
        max: 100,
        radius: '96%',
        center: ['50%', '60%'],
        // always shown (toggling `show` on a live gauge does not redraw it); transparent without a rate
        progress: { show: true, width: 16, roundCap: true, itemStyle: { color: value ? gradient(C.blue, C.cyan, true) : 'transparent' } },
        axisLine: { roundCap: true, lineStyle: { width: 16, color: [[1, 'rgba(148, 187, 233, 0.12)']] } },
        axisTick: { show: false },
        splitLine: { show: false },
        axisLabel: { show: false },
        pointer: { show: false },
        anchor: { show: false },
        title: { offsetCenter: [0, '38%'], color: C.text, fontSize: 14 },
        detail: {
          valueAnimation: true,
          offsetCenter: [0, '0%'],
          fontSize: 34,
          fontWeight: 'bold',
          color: value === null ? C.grey : C.strong,
          formatter: (v: number) => (value === null ? '—' : `${v.toFixed(1)}%`),
        },
        data: [{ value: value ?? 0, name: l('satisfactionRate') }],
      },
    ],
  };
}

/** 按时办结率排行: the rows (departments, items or windows) that decided anything, best first. */
export function rankingOption(rows: MetricRow[], l: Label): EChartOption {
  const ranked = rows
    .filter((r) => r.decided > 0 && r.onTimeRate !== null)
    .sort((a, b) => (b.onTimeRate ?? 0) - (a.onTimeRate ?? 0) || b.decided - a.decided)
    .slice(0, 10);
  if (!ranked.length) return empty(l('noData'));
  const names = ranked.map((r) => r.name).reverse();
  const values = ranked.map((r) => ratePercent(r.onTimeRate)).reverse();
  return {
    tooltip: { ...tooltip, trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => `${Number(v).toFixed(1)}%` },
    // one row per tenth of the panel, from the top: a short list does not float in the middle
    grid: { left: 12, right: 64, top: 8, height: `${ranked.length * 9.5}%`, containLabel: true },
    xAxis: { type: 'value', min: 0, max: 100, ...axisCommon, axisLabel: { show: false }, splitLine: { show: false } },
    yAxis: { type: 'category', data: names, ...axisCommon, axisLine: { show: false }, axisLabel: { color: C.strong, fontSize: 14, width: 200, overflow: 'truncate' } },
    series: [
      {
        name: l('onTimeRate'),
        type: 'bar',
        barWidth: 14,
        showBackground: true,
        backgroundStyle: { color: 'rgba(148, 187, 233, 0.08)', borderRadius: 7 },
        itemStyle: { borderRadius: 7, color: gradient('rgba(59, 130, 246, 0.6)', C.cyan, true) },
        label: { show: true, position: 'right', color: C.cyan, fontSize: 14, fontWeight: 'bold', formatter: (p) => `${Number(p.value).toFixed(1)}%` },
        data: values,
      },
    ],
  };
}

/** Volumes as columns (received and decided), largest first. */
export function columnsOption(rows: MetricRow[], l: Label): EChartOption {
  const top = [...rows].sort((a, b) => b.received - a.received).slice(0, 8);
  if (!top.length) return empty(l('noData'));
  return {
    tooltip: { ...tooltip, trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, right: 10, textStyle: { color: C.text, fontSize: 13 }, itemWidth: 12, itemHeight: 8 },
    grid: { left: 12, right: 12, top: 36, bottom: 4, containLabel: true },
    xAxis: {
      type: 'category',
      data: top.map((r) => r.name),
      ...axisCommon,
      // names of sites share their district's prefix: wrap rather than cut them
      axisLabel: { color: C.text, fontSize: 12, interval: 0, width: Math.max(56, Math.floor(440 / top.length) - 8), overflow: 'break', lineHeight: 15 },
      splitLine: { show: false },
    },
    yAxis: { type: 'value', minInterval: 1, ...axisCommon },
    series: [
      {
        name: l('received'),
        type: 'bar',
        barMaxWidth: 18,
        itemStyle: { borderRadius: [4, 4, 0, 0], color: gradient(C.cyan, 'rgba(34, 211, 238, 0.15)') },
        data: top.map((r) => r.received),
      },
      {
        name: l('decided'),
        type: 'bar',
        barMaxWidth: 18,
        itemStyle: { borderRadius: [4, 4, 0, 0], color: gradient(C.green, 'rgba(52, 211, 153, 0.15)') },
        data: top.map((r) => r.decided),
      },
    ],
  };
}

/** The ten largest rows by volume (or by handling time), as horizontal bars, largest first. */
export function topBarsOption(rows: MetricRow[], metric: 'received' | 'avgHandlingDays', l: Label): EChartOption {
  const value = (r: MetricRow) => (metric === 'received' ? r.received : r.avgHandlingDays);
  const top = rows
    .filter((r) => (value(r) ?? 0) > 0)
    .sort((a, b) => (value(b) ?? 0) - (value(a) ?? 0))
    .slice(0, 10);
  if (!top.length) return empty(l('noData'));
  return {
    tooltip: { ...tooltip, trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 12, right: 48, top: 8, height: `${top.length * 9.5}%`, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, ...axisCommon, axisLabel: { show: false }, splitLine: { show: false } },
    yAxis: {
      type: 'category',
      data: top.map((r) => r.name).reverse(),
      ...axisCommon,
      axisLine: { show: false },
      axisLabel: { color: C.strong, fontSize: 13, width: 170, overflow: 'truncate' },
    },
    series: [
      {
        name: l(metric === 'received' ? 'received' : 'avgHandlingDays'),
        type: 'bar',
        barWidth: 12,
        showBackground: true,
        backgroundStyle: { color: 'rgba(148, 187, 233, 0.08)', borderRadius: 6 },
        itemStyle: { borderRadius: 6, color: gradient('rgba(251, 191, 36, 0.5)', C.yellow, true) },
        label: {
          show: true,
          position: 'right',
          color: C.yellow,
          fontSize: 14,
          fontWeight: 'bold',
          formatter: (p) => (metric === 'received' ? String(p.value) : Number(p.value).toFixed(1)),
        },
        data: top.map((r) => value(r) ?? 0).reverse(),
      },
    ],
  };
}
