import { useMemo } from 'preact/hooks';
import { FLAGS } from '../../../shared/index.ts';
import { t } from '../../i18n/index.ts';
import { percent } from '../../ui/format.ts';
import { Chart, themeColours } from './Chart.tsx';
import { useBook } from './context.tsx';
import { pyramidOf } from './derived.ts';
import { routeHref } from './route.ts';

/** Pyramid: the book's tiers against the team's cutoffs, the 80/20 check, and the A–E flags. */
export function Pyramid() {
  const { rows, settings } = useBook();
  const pyramid = rows && pyramidOf(rows, settings);
  const option = useMemo(() => {
    if (!pyramid) return undefined;
    const colours = themeColours();
    const levels = pyramid.levels;
    return {
      aria: { enabled: false },
      animation: false,
      textStyle: { color: colours.fg },
      tooltip: { trigger: 'axis' },
      legend: { top: 0, textStyle: { color: colours.fg } },
      grid: { top: 48, left: 8, right: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: levels.map((l) => t(`tier.${l.tier}`)) },
      yAxis: [
        {
          type: 'value',
          name: t('pyramid.series.accounts'),
          splitLine: { lineStyle: { color: colours.line } },
        },
        {
          type: 'value',
          name: t('pyramid.series.value'),
          max: 100,
          axisLabel: { formatter: '{value} %' },
        },
      ],
      series: [
        {
          name: t('pyramid.series.accounts'),
          type: 'bar',
          data: levels.map((l) => ({ value: l.accounts, itemStyle: { color: colours[l.tier] } })),
        },
        {
          name: t('pyramid.series.value'),
          type: 'bar',
          yAxisIndex: 1,
          itemStyle: { color: colours.accent, opacity: 0.45 },
          data: levels.map((l) => Math.round(l.valueShare * 1000) / 10),
        },
      ],
    };
  }, [pyramid]);
  if (!pyramid || !option) return <p class="muted">{t('accounts.loading')}</p>;
  if (rows?.length === 0) return <p class="muted">{t('book.empty')}</p>;
  return (
    <section class="pyramid" aria-labelledby="pyramid-heading">
      <h2 id="pyramid-heading">{t('pyramid.heading')}</h2>
      <Chart option={option} label={t('pyramid.chart')} />
      <p data-top20>
        {pyramid.ranked === 0
          ? t('pyramid.top20.none')
          : t('pyramid.top20', {
              accounts: pyramid.top20.accounts,
              share: percent(pyramid.top20.valueShare),
            })}
      </p>
      <table class="figures">
        <thead>
          <tr>
            <th scope="col">{t('pyramid.col.tier')}</th>
            <th scope="col">{t('pyramid.col.accounts')}</th>
            <th scope="col">{t('pyramid.col.target')}</th>
            <th scope="col">{t('pyramid.col.value')}</th>
            <th scope="col">{t('pyramid.col.strategy')}</th>
          </tr>
        </thead>
        <tbody>
          {pyramid.levels.map((l) => (
            <tr key={l.tier} data-tier={l.tier}>
              <th scope="row">{t(`tier.${l.tier}`)}</th>
              <td data-count>
                <a href={routeHref('accounts', { tier: l.tier })}>{l.accounts}</a>
              </td>
              <td>{l.target ?? '–'}</td>
              <td>{l.tier === 'untiered' ? '–' : percent(l.valueShare)}</td>
              <td>{t(`strategy.${l.strategy}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('pyramid.flags')}</h3>
      <ul class="flags">
        {FLAGS.map((f) => (
          <li key={f} data-flag={f}>
            <a href={routeHref('accounts', { flag: f })} title={t('pyramid.show')}>
              {t(`flag.${f}`)}: <span data-count>{pyramid.flags[f]}</span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
