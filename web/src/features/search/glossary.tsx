import { type MessageKey, useI18n } from '../../lib/i18n';

/** Each entry: the labels it explains, as the interface shows them, and what they mean. */
export const glossaryEntries: ReadonlyArray<{ terms: MessageKey[]; meaning: MessageKey }> = [
  { terms: ['search.openNow'], meaning: 'glossary.openNow' },
  { terms: ['search.freeOnly'], meaning: 'glossary.free' },
  { terms: ['search.notFull'], meaning: 'glossary.notFull' },
  { terms: ['search.eligibleOnly'], meaning: 'glossary.eligible' },
  { terms: ['search.availableFirst'], meaning: 'glossary.availableFirst' },
  {
    terms: ['result.eligible', 'result.ineligible', 'result.unknown'],
    meaning: 'glossary.eligibility',
  },
  { terms: ['cost.SLIDING_SCALE'], meaning: 'glossary.sliding' },
  { terms: ['cost.FEE'], meaning: 'glossary.fee' },
  { terms: ['cost.INSURANCE'], meaning: 'glossary.insurance' },
  { terms: ['result.stale'], meaning: 'glossary.stale' },
  { terms: ['result.approximate'], meaning: 'glossary.approximate' },
];

/** "What these words mean": the search's filter, sort and status words, folded by default. */
export function Glossary() {
  const { t } = useI18n();
  return (
    <details className="glossary">
      <summary>{t('glossary.title')}</summary>
      <p className="hint">{t('glossary.intro')}</p>
      <dl>
        {glossaryEntries.map(({ terms, meaning }) => (
          <div key={meaning}>
            <dt>{terms.map((term) => t(term)).join(' · ')}</dt>
            <dd>{t(meaning)}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
