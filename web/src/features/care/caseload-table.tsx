import { useId, useState } from 'react';
import {
  type CaseloadSort,
  MyCaseloadDocument,
  type ReferralStatus,
} from '../../generated/graphql';
import { formatDate } from '../../lib/format';
import { type MessageKey, useI18n } from '../../lib/i18n';
import { Link } from '../../lib/router';
import { useQuery } from '../../lib/use-query';
import { StatusMessage } from '../../ui/status-message';
import { useCareWords } from './internal/wording';

const SORTS: CaseloadSort[] = ['NAME', 'NEXT_TASK_DUE', 'OVERDUE', 'LAST_CONTACT'];
const OPEN_STATUSES: ReferralStatus[] = ['DRAFT', 'SENT', 'ACCEPTED', 'IN_PROGRESS', 'ON_HOLD'];

/** The signed-in coordinator's clients with what is open and due, sortable and filterable. */
export function CaseloadTable() {
  const { t, locale } = useI18n();
  const { w } = useCareWords();
  const id = useId();
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<CaseloadSort>('NAME');
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [status, setStatus] = useState<ReferralStatus | ''>('');
  const query = useQuery(MyCaseloadDocument, {
    input: {
      sort,
      search: search.trim() || null,
      overdueOnly: overdueOnly || null,
      referralStatus: status || null,
    },
  });
  const rows = query.data?.myCaseload ?? [];
  const filtered = Boolean(search.trim()) || overdueOnly || status !== '';

  return (
    <section className="caseload" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="visually-hidden">
        {w('caseload.title')}
      </h2>
      <div className="caseload-filters field-row">
        <div className="field">
          <label htmlFor={`${id}-search`}>{w('caseload.search')}</label>
          <input
            id={`${id}-search`}
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-sort`}>{w('caseload.sort')}</label>
          <select
            id={`${id}-sort`}
            value={sort}
            onChange={(e) => setSort(e.target.value as CaseloadSort)}
          >
            {SORTS.map((s) => (
              <option key={s} value={s}>
                {w(`caseload.sort.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-status`}>{w('caseload.status')}</label>
          <select
            id={`${id}-status`}
            value={status}
            onChange={(e) => setStatus(e.target.value as ReferralStatus | '')}
          >
            <option value="">{w('caseload.anyStatus')}</option>
            {OPEN_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={overdueOnly}
            onChange={(e) => setOverdueOnly(e.target.checked)}
          />
          {w('caseload.overdueOnly')}
        </label>
      </div>
      {query.loading && !query.data ? <p role="status">{w('caseload.loading')}</p> : null}
      {query.error ? (
        <StatusMessage
          tone="error"
          action={
            <button type="button" className="button-secondary" onClick={query.retry}>
              {t('search.retry')}
            </button>
          }
        >
          {query.error.message}
        </StatusMessage>
      ) : null}
      {query.data && rows.length === 0 ? (
        <p className="hint">{filtered ? w('caseload.noMatch') : w('caseload.empty')}</p>
      ) : null}
      {rows.length > 0 ? (
        <table className="caseload-table">
          <caption className="visually-hidden">
            {w('caseload.caption', { count: rows.length })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{w('caseload.col.client')}</th>
              <th scope="col">{w('caseload.col.needs')}</th>
              <th scope="col">{w('caseload.col.referrals')}</th>
              <th scope="col">{w('caseload.col.nextTask')}</th>
              <th scope="col">{w('caseload.col.overdue')}</th>
              <th scope="col">{w('caseload.col.contact')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.clientId} className={row.overdueTasks > 0 ? 'has-overdue' : undefined}>
                <th scope="row">
                  <Link to={`/clients/${encodeURIComponent(row.clientId)}`}>{row.name}</Link>
                </th>
                <td data-label={w('caseload.col.needs')}>{row.openNeeds}</td>
                <td data-label={w('caseload.col.referrals')}>
                  {row.referralsByStatus.length === 0
                    ? w('caseload.none')
                    : row.referralsByStatus
                        .map((s) => `${t(`status.${s.status}` as MessageKey)} ${s.count}`)
                        .join(' · ')}
                </td>
                <td data-label={w('caseload.col.nextTask')}>
                  {row.nextTaskDue ? formatDate(row.nextTaskDue, locale) : w('caseload.none')}
                </td>
                <td data-label={w('caseload.col.overdue')}>
                  {row.overdueTasks > 0 ? (
                    <strong className="overdue-count">{row.overdueTasks}</strong>
                  ) : (
                    0
                  )}
                </td>
                <td data-label={w('caseload.col.contact')}>
                  {row.lastContactAt
                    ? formatDate(row.lastContactAt.slice(0, 10), locale)
                    : w('caseload.never')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
