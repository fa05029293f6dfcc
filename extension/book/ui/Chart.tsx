import type { EChartsCoreOption } from 'echarts/core';
import { useEffect, useRef, useState } from 'preact/hooks';
import { errorText } from '../../ui/errors.ts';

/** The extension's theme colours, read from theme.css so charts follow light and dark mode. */
export interface ThemeColours {
  readonly fg: string;
  readonly muted: string;
  readonly line: string;
  readonly accent: string;
  readonly keyStrategic: string;
  readonly key: string;
  readonly ordinary: string;
  readonly small: string;
  readonly untiered: string;
}

export function themeColours(): ThemeColours {
  const style = getComputedStyle(document.documentElement);
  const read = (name: string) => style.getPropertyValue(name).trim();
  return {
    fg: read('--fg'),
    muted: read('--muted'),
    line: read('--line'),
    accent: read('--accent'),
    keyStrategic: read('--tier-keyStrategic'),
    key: read('--tier-key'),
    ordinary: read('--tier-ordinary'),
    small: read('--tier-small'),
    untiered: read('--muted'),
  };
}

/**
 * An ECharts chart. The figures it draws are always also on the page as a table: the chart is
 * for the eye, and is hidden from screen readers, which read the table.
 */
export function Chart({ option, label }: { option: EChartsCoreOption; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | undefined>(undefined);
  useEffect(() => {
    let chart: { dispose: () => void; resize: () => void } | undefined;
    let stopped = false;
    const onResize = () => chart?.resize();
    // Drawn after the view's first frame: the figures' table shows first, the chart a moment
    // later, and switching views never waits for a chart.
    const afterPaint = () =>
      new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    Promise.all([import('./echarts.ts'), afterPaint()]).then(
      ([{ echarts }]) => {
        if (stopped || !box.current) return;
        const started = performance.now();
        const instance = echarts.init(box.current, undefined, { renderer: 'svg' });
        instance.setOption(option);
        chart = instance;
        // On the timeline (DevTools, the Book benchmark): what a chart costs the main thread.
        performance.measure('account-lens:chart-drawn', { start: started });
        addEventListener('resize', onResize);
      },
      (e: unknown) => setError(errorText(e)),
    );
    return () => {
      stopped = true;
      removeEventListener('resize', onResize);
      chart?.dispose();
    };
  }, [option]);
  return (
    <figure class="chart">
      <div ref={box} class="chart-box" aria-hidden="true" data-chart />
      <figcaption>{label}</figcaption>
      {error && <p class="error">{error}</p>}
    </figure>
  );
}
