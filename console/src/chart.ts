import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Series {
  label: string;
  stroke: string;
  dash?: number[];
}

export interface Chart {
  update(data: uPlot.AlignedData): void;
  destroy(): void;
}

const HEIGHT = 240;

/**
 * A line chart that follows its container's width. `time`: x is seconds since the epoch (shown in UTC);
 * otherwise x is a plain number (a model version).
 */
export function lineChart(container: HTMLElement, series: Series[], data: uPlot.AlignedData, o: { time: boolean; y: string; x?: string }): Chart {
  const width = () => Math.max(280, container.clientWidth);
  const plot = new uPlot(
    {
      width: width(),
      height: HEIGHT,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      scales: { x: { time: o.time } },
      axes: [
        o.time ? {} : { label: o.x, values: (_u, ticks) => ticks.map((t) => (Number.isInteger(t) ? String(t) : '')) },
        { label: o.y, size: 60 },
      ],
      series: [{ label: o.time ? 'minute (UTC)' : (o.x ?? 'x') }, ...series.map((s) => ({ label: s.label, stroke: s.stroke, dash: s.dash, width: 2, points: { show: !o.time } }))],
    },
    data,
    container,
  );
  const resize = new ResizeObserver(() => plot.setSize({ width: width(), height: HEIGHT }));
  resize.observe(container);
  return {
    update: (d) => plot.setData(d),
    destroy: () => {
      resize.disconnect();
      plot.destroy();
    },
  };
}
