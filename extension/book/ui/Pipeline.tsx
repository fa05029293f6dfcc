import { useMemo } from 'preact/hooks';
import { type CurrencyForecast, winRate } from '../../../shared/index.ts';
import { t } from '../../i18n/index.ts';
import { money, percent } from '../../ui/format.ts';
import { rowsById } from '../live.ts';
import { Chart, themeColours } from './Chart.tsx';
import { useBook, useOwnerLabel } from './context.tsx';
import { pipelineOf } from './derived.ts';
import { openAccount } from './side-panel.ts';

/** Pipeline: the eight stages as a funnel per currency, the forecast, stale deals, and by owner. */
export function Pipeline() {
  const { rows, opportunities, settings } = useBook();
  const label = useOwnerLabel();
  const accounts = rows && rowsById(rows);
  const pipeline = accounts && opportunities && pipelineOf(opportunities, accounts, settings);
  if (!pipeline) return <p class="muted">{t('accounts.loading')}</p>;
  if (pipeline.byCurrency.length === 0) return <p class="muted">{t('pipeline.none')}</p>;
  return (
    <section class="pipeline" aria-labelledby="pipeline-heading">
      <h2 id="pipeline-heading">{t('pipeline.heading')}</h2>
      {pipeline.byCurrency.map((f) => (
        <Funnel key={f.currency} forecast={f} />
      ))}
      <h3>{t('pipeline.stale.heading', { days: settings.staleStageDays })}</h3>
      {pipeline.stale.count === 0 ? (
        <p class="muted">{t('pipeline.stale.none')}</p>
      ) : (
        <ul class="stale" data-stale={pipeline.stale.count}>
          {pipeline.stale.longest.map(({ opportunity: o, idleDays }) => (
            <li key={o.id}>
              <button type="button" class="link" onClick={() => void openAccount(o.accountId)}>
                {t('pipeline.stale.row', {
                  deal: o.name,
                  account: accounts.get(o.accountId)?.name ?? '',
                  stage: t(`stage.${o.stage}`),
                  days: idleDays,
                })}
              </button>
            </li>
          ))}
          {pipeline.stale.count > pipeline.stale.longest.length && (
            <li class="muted">
              {t('pipeline.stale.more', {
                n: pipeline.stale.count - pipeline.stale.longest.length,
              })}
            </li>
          )}
        </ul>
      )}
      <h3>{t('pipeline.owner.heading')}</h3>
      <table class="figures" data-by-owner>
        <thead>
          <tr>
            <th scope="col">{t('pipeline.col.owner')}</th>
            <th scope="col">{t('pipeline.col.open')}</th>
            <th scope="col">{t('pipeline.col.stale')}</th>
            <th scope="col">{t('pipeline.col.forecast')}</th>
          </tr>
        </thead>
        <tbody>
          {pipeline.byOwner.map((o) => (
            <tr key={o.ownerId} data-owner={o.ownerId}>
              <th scope="row">{label(o.ownerId)}</th>
              <td>{o.openDeals}</td>
              <td>{o.staleDeals}</td>
              <td>{o.byCurrency.map((c) => money(c.forecast, c.currency)).join(' + ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Funnel({ forecast }: { forecast: CurrencyForecast }) {
  const { settings } = useBook();
  const option = useMemo(() => {
    const colours = themeColours();
    return {
      aria: { enabled: false },
      animation: false,
      textStyle: { color: colours.fg },
      // The width of a stage is what reached it: its amount and every later stage's, so the
      // shape narrows as deals move on. Labels and the tooltip give the stage's own figures.
      tooltip: {
        trigger: 'item',
        formatter: (p: { dataIndex: number }) => {
          const s = forecast.byStage[p.dataIndex];
          return s
            ? `${t(`stage.${s.stage}`)}: ${s.count} · ${money(s.amount, forecast.currency)}`
            : '';
        },
      },
      color: [colours.accent],
      series: [
        {
          type: 'funnel',
          sort: 'none',
          minSize: '4%',
          gap: 2,
          label: { color: colours.fg, position: 'right' },
          left: '5%',
          width: '60%',
          data: forecast.byStage.map((s, i) => ({
            value: forecast.byStage.slice(i).reduce((sum, later) => sum + later.amount, 0),
            name: `${t(`stage.${s.stage}`)} · ${s.count} · ${money(s.amount, forecast.currency)}`,
          })),
        },
      ],
    };
  }, [forecast]);
  return (
    <section class="funnel" data-currency={forecast.currency}>
      <h3>{t('pipeline.currency', { currency: forecast.currency })}</h3>
      <Chart option={option} label={t('pipeline.chart', { currency: forecast.currency })} />
      <p data-forecast={forecast.forecast}>
        {t('pipeline.forecast', {
          forecast: money(forecast.forecast, forecast.currency),
          closed: money(forecast.closedRevenue, forecast.currency),
          weighted: money(forecast.weightedOpen, forecast.currency),
        })}
      </p>
      <table class="figures">
        <thead>
          <tr>
            <th scope="col">{t('pipeline.col.stage')}</th>
            <th scope="col">{t('pipeline.col.count')}</th>
            <th scope="col">{t('pipeline.col.amount')}</th>
            <th scope="col">{t('pipeline.col.rate')}</th>
            <th scope="col">{t('pipeline.col.weighted')}</th>
          </tr>
        </thead>
        <tbody>
          {forecast.byStage.map((s) => (
            <tr key={s.stage} data-stage={s.stage}>
              <th scope="row">{t(`stage.${s.stage}`)}</th>
              <td>{s.count}</td>
              <td>{money(s.amount, forecast.currency)}</td>
              <td>{percent(winRate(s.stage, settings))}</td>
              <td data-weighted={s.weighted}>{money(s.weighted, forecast.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
