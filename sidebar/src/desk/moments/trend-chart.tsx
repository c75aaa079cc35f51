import type { MomentsTrendResponse } from '@contract/moments';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only the two charts and the pieces they use: the whole of ECharts is several times this.
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** Twelve weeks, oldest first: the share of guides who passed every rule (bars) and the mean score (line). */
export default function TrendChart({ data }: { data: MomentsTrendResponse }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return undefined;
    const chart = echarts.init(ref.current, undefined, { renderer: 'canvas' });
    const weeks = data.weeks.map((w) => w.week.start.slice(5));
    chart.setOption({
      animation: false,
      grid: { left: 40, right: 40, top: 36, bottom: 24 },
      legend: { top: 0, data: ['达标率', '平均分'] },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: weeks },
      yAxis: [
        { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
        { type: 'value', min: 0, max: 100 },
      ],
      series: [
        {
          name: '达标率',
          type: 'bar',
          barMaxWidth: 24,
          itemStyle: { color: '#91caff' },
          data: data.weeks.map((w) => (w.guides ? Math.round((w.passed / w.guides) * 1000) / 10 : 0)),
        },
        {
          name: '平均分',
          type: 'line',
          yAxisIndex: 1,
          smooth: true,
          itemStyle: { color: '#1677ff' },
          data: data.weeks.map((w) => w.averageScore),
        },
      ],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [data]);
  return <div ref={ref} className="desk-chart" role="img" aria-label="近 12 周达标率与平均分" />;
}
