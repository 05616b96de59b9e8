import type { ServiceQuery } from '../../generated/graphql';
import { type MessageKey, useI18n } from '../../lib/i18n';
import { formatClock, formatLocalDate } from './internal/hours';

type Hours = ServiceQuery['service']['hours'];
type Span = Hours['weekly'][number]['spans'][number];

export type ServiceHoursProps = {
  hours: Hours;
  /** The site's zone abbreviation when the viewer's clock differs ("MST"), else null. */
  zoneLabel: string | null;
};

/** The week's hours, dated openings and closures soon: the same hours the open status reads. */
export function ServiceHoursView({ hours, zoneLabel }: ServiceHoursProps) {
  const { t, locale } = useI18n();
  const spans = (list: readonly Span[]) =>
    list
      .map((s) =>
        t(s.overnight ? 'hours.spanOvernight' : 'hours.span', {
          opens: formatClock(s.opens, locale),
          closes: formatClock(s.closes, locale),
        }),
      )
      .join(', ');

  if (!hours.known) return <p>{t('service.hoursUnknown')}</p>;
  return (
    <div className="service-hours">
      {hours.weekly.length > 0 ? (
        <table className="hours-table">
          <caption className="visually-hidden">{t('hours.weekly')}</caption>
          <tbody>
            {hours.weekly.map((day) => (
              <tr key={day.weekday}>
                <th scope="row">{t(`weekday.${day.weekday}` as MessageKey)}</th>
                <td>{spans(day.spans)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {hours.upcoming.length > 0 ? (
        <>
          <h3 className="hours-subhead">{t('hours.upcoming')}</h3>
          <ul className="plain-list">
            {hours.upcoming.map((day) => (
              <li key={day.date}>
                {formatLocalDate(day.date, locale)}: {spans(day.spans)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {hours.closedDates.length > 0 ? (
        <p>
          {t('hours.closedOn')}{' '}
          {hours.closedDates.map((d) => formatLocalDate(d, locale)).join('; ')}
        </p>
      ) : null}
      {hours.weekly.length === 0 && hours.upcoming.length === 0 ? (
        <p>{t('hours.noneSoon')}</p>
      ) : null}
      {zoneLabel ? <p className="hint">{t('hours.timeZone', { zone: zoneLabel })}</p> : null}
    </div>
  );
}
