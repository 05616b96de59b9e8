import { useId } from 'react';
import {
  AgencyFeedbackDocument,
  FeedbackReportDocument,
  type FeedbackReportQuery,
} from '../../generated/graphql';
import { useI18n } from '../../lib/i18n';
import { useQuery } from '../../lib/use-query';
import { StatusMessage } from '../../ui/status-message';
import { type FeedbackTranslate, type FeedbackWord, useFeedbackWords } from './internal/wording';

type Report = FeedbackReportQuery['referralReport']['feedback'];
type Group = Report['byNeedDomain'][number] & { label?: string | null };

function percent(rate: number | null, locale: string): string {
  return rate === null
    ? '—'
    : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(rate);
}

function rating(value: number | null, locale: string, w: FeedbackTranslate): string {
  return value === null
    ? '—'
    : w('report.of5', {
        n: new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value),
      });
}

type GroupTableProps = { caption: string; groups: Group[]; labelOf: (g: Group) => string };

function GroupTable({ caption, groups, labelOf }: GroupTableProps) {
  const w = useFeedbackWords();
  const { locale } = useI18n();
  if (groups.length === 0) return null;
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{w('report.name')}</th>
          <th scope="col" className="number">
            {w('report.responses')}
          </th>
          <th scope="col" className="number">
            {w('report.needMetRate')}
          </th>
          <th scope="col" className="number">
            {w('report.rating')}
          </th>
        </tr>
      </thead>
      <tbody>
        {groups.map((group) => (
          <tr key={group.key}>
            <th scope="row">{labelOf(group)}</th>
            <td className="number">{group.figures.responses}</td>
            <td className="number">{percent(group.figures.needMetRate, locale)}</td>
            <td className="number">{rating(group.figures.averageRating, locale, w)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export type FeedbackFiguresProps = { period: { from: string; to: string } };

/** What clients said in the report's period: need-met rate and rating, by agency, service and need. */
export function FeedbackFigures({ period }: FeedbackFiguresProps) {
  const w = useFeedbackWords();
  const { locale } = useI18n();
  const id = useId();
  const query = useQuery(FeedbackReportDocument, { input: period });
  const report = query.data?.referralReport.feedback;
  return (
    <section className="panel feedback-figures" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{w('report.title')}</h2>
      {query.error ? <StatusMessage tone="error">{query.error.message}</StatusMessage> : null}
      {report && report.totals.responses === 0 ? <p className="hint">{w('report.none')}</p> : null}
      {report && report.totals.responses > 0 ? (
        <>
          <dl className="feedback-totals">
            <div>
              <dt>{w('report.responses')}</dt>
              <dd>{report.totals.responses}</dd>
            </div>
            <div>
              <dt>{w('report.needMetRate')}</dt>
              <dd>{percent(report.totals.needMetRate, locale)}</dd>
            </div>
            <div>
              <dt>{w('report.rating')}</dt>
              <dd>{rating(report.totals.averageRating, locale, w)}</dd>
            </div>
          </dl>
          <GroupTable
            caption={w('report.byAgency')}
            groups={report.byAgency}
            labelOf={(g) => g.label ?? g.key}
          />
          <GroupTable
            caption={w('report.byService')}
            groups={report.byService}
            labelOf={(g) => g.label ?? g.key}
          />
          <GroupTable
            caption={w('report.byDomain')}
            groups={report.byNeedDomain}
            labelOf={(g) => w(`domain.${g.key}` as FeedbackWord)}
          />
        </>
      ) : null}
    </section>
  );
}

/** For agency staff: the feedback clients gave their services, without anyone's identity. */
export function AgencyFeedbackList() {
  const w = useFeedbackWords();
  const { locale } = useI18n();
  const id = useId();
  const query = useQuery(AgencyFeedbackDocument, {});
  const monthOf = (month: string) =>
    new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
      new Date(`${month}-01T00:00:00Z`),
    );
  const answers = query.data?.agencyFeedback ?? [];
  return (
    <section className="panel feedback-figures" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{w('report.mine')}</h2>
      {query.error ? <StatusMessage tone="error">{query.error.message}</StatusMessage> : null}
      {query.data && answers.length === 0 ? <p className="hint">{w('report.mineNone')}</p> : null}
      {answers.length > 0 ? (
        <ul className="feedback-comments">
          {answers.map((answer, i) => (
            // Answers carry no id on purpose (nothing that could lead back to a client).
            // biome-ignore lint/suspicious/noArrayIndexKey: the list is only ever replaced whole
            <li key={i}>
              <p>
                <strong>{answer.serviceName}</strong> · {monthOf(answer.month)} ·{' '}
                {w(`survey.${answer.needMet}`)} · {w('survey.star', { n: answer.rating })}
              </p>
              {answer.comment ? <p>{answer.comment}</p> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
