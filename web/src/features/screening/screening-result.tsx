import type { ScreeningClientQuery } from '../../generated/graphql';
import { useI18n } from '../../lib/i18n';
import { Badge } from '../../ui/badge';
import { useNeedWords } from '../needs/need-words';
import { formatDay, type ScreeningWords } from './internal/wording';

export type ScreeningSummary = ScreeningClientQuery['client']['screenings'][number];

export type ScreeningResultProps = { screening: ScreeningSummary; w: ScreeningWords };

/**
 * A submitted screening's result: the positive domains, the safety total, answers for the
 * coordinator's attention (said plainly not to be a positive screen), and what changed since the
 * previous screening.
 */
export function ScreeningResult({ screening, w }: ScreeningResultProps) {
  const { locale } = useI18n();
  const words = useNeedWords();
  const changes = screening.changesSincePrevious;
  return (
    <section className="screening-panel screening-result" aria-labelledby="screening-result-title">
      <h2 id="screening-result-title">
        {w('screening.result.title', {
          date: formatDay(screening.submittedAt ?? screening.startedAt, locale),
          method: w(`screening.method.${screening.method}`),
        })}
      </h2>
      {screening.positiveDomains.length > 0 ? (
        <div className="screening-positive">
          <h3>{w('screening.result.positive')}</h3>
          <ul className="badge-list">
            {screening.positiveDomains.map((domain) => (
              <li key={domain}>
                <Badge tone="warning">{words.domain(domain)}</Badge>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p>{w('screening.result.none')}</p>
      )}
      {screening.safetyTotal !== null ? (
        <p>{w('screening.result.safety', { total: screening.safetyTotal })}</p>
      ) : null}
      {screening.attention.length > 0 ? (
        <div className="screening-attention" role="note">
          <h3>{w('screening.result.attention')}</h3>
          {screening.attention.map((flag) => (
            <p key={flag.id}>{flag.text}</p>
          ))}
        </div>
      ) : null}
      {changes ? (
        <div className="screening-changes">
          <h3>
            {w('screening.changes.title', { date: formatDay(changes.previousSubmittedAt, locale) })}
          </h3>
          {changes.items.length === 0 ? <p>{w('screening.changes.none')}</p> : null}
          {changes.newlyPositive.length > 0 ? (
            <p>
              <strong>{w('screening.changes.newly')}:</strong>{' '}
              {changes.newlyPositive.map((d) => words.domain(d)).join(', ')}
            </p>
          ) : null}
          {changes.noLongerPositive.length > 0 ? (
            <p>
              <strong>{w('screening.changes.noLonger')}:</strong>{' '}
              {changes.noLongerPositive.map((d) => words.domain(d)).join(', ')}
            </p>
          ) : null}
          {changes.items.length > 0 ? (
            <ul className="screening-change-list">
              {changes.items.map((item) => (
                <li key={item.number}>
                  <span className="screening-change-question">
                    {w('screening.changes.item', { number: item.number, question: item.question })}
                  </span>
                  <span>
                    {w('screening.changes.was')}: {item.before.map((a) => a.text).join('; ') || '—'}
                  </span>
                  <span>
                    {w('screening.changes.now')}: {item.after.map((a) => a.text).join('; ') || '—'}
                  </span>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
