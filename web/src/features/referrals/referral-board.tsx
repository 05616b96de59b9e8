import { useId, useMemo, useRef } from 'react';
import {
  type ReferralStatus,
  ReferralsDocument,
  type ReferralsQuery,
} from '../../generated/graphql';
import { type MessageKey, useI18n } from '../../lib/i18n';
import { Link, navigate } from '../../lib/router';
import { useLiveQuery } from '../../lib/use-live-query';
import { Badge } from '../../ui/badge';
import { StatusMessage } from '../../ui/status-message';
import { groupByStatus, statusOrder } from './internal/actions';
import { decodeBoardFilter, encodeBoardFilter } from './internal/board-filter';
import { formatInstant } from './internal/timeline';
import { ReferralClock } from './referral-clock';
import { StatusBadge } from './status-badge';
import { POLL_FALLBACK_MS, POLL_LIVE_MS, useReferralEvents } from './use-referral-events';

type Node = ReferralsQuery['referrals']['edges'][number]['node'];

export type ReferralBoardProps = {
  /** Made by my organization (the dashboard) or addressed to it (the inbox). */
  side: 'referring' | 'receiving';
  organizationId: string;
  /** The page's path, for the filters in the query string. */
  path: string;
  search: string;
};

/** Referrals grouped by status, overdue first, with status and overdue filters in the URL. */
export function ReferralBoard({ side, organizationId, path, search }: ReferralBoardProps) {
  const { t, locale, categoryName } = useI18n();
  const id = useId();
  const filter = useMemo(() => decodeBoardFilter(search), [search]);
  const refresh = useRef<() => void>(() => {});
  const live = useReferralEvents(true, () => refresh.current());
  const query = useLiveQuery(
    ReferralsDocument,
    {
      first: 100,
      filter: {
        status: filter.status,
        overdueOnly: filter.overdueOnly || null,
      },
    },
    { intervalMs: live ? POLL_LIVE_MS : POLL_FALLBACK_MS },
  );
  refresh.current = query.refresh;

  const mine = useMemo(() => {
    const nodes = query.data?.referrals.edges.map((e) => e.node) ?? [];
    return nodes.filter((n) =>
      side === 'referring'
        ? n.referringOrganization.id === organizationId
        : n.receivingOrganization.id === organizationId,
    );
  }, [query.data, side, organizationId]);
  const groups = useMemo(() => groupByStatus(mine), [mine]);
  // Re-read with every refresh, so "waiting 3 hours" moves on with the board.
  const now = useMemo(() => new Date(), [query.data]);

  function handleFilter(next: { status?: ReferralStatus | null; overdueOnly?: boolean }) {
    navigate(`${path}${encodeBoardFilter({ ...filter, ...next })}`, { replace: true });
  }

  function renderItem(referral: Node) {
    const other =
      side === 'referring' ? referral.receivingOrganization : referral.referringOrganization;
    return (
      <li
        key={referral.id}
        className={referral.overdue ? 'referral-item is-overdue' : 'referral-item'}
      >
        <div className="referral-item-head">
          <h3>
            <Link to={`/referrals/${encodeURIComponent(referral.id)}`}>
              {referral.client?.name ?? t('referrals.clientHidden')}
              {' — '}
              {referral.service?.name ?? t('referrals.serviceGone')}
            </Link>
          </h3>
          <span className="referral-badges">
            {referral.overdue ? <Badge tone="bad">{t('referrals.overdue')}</Badge> : null}
            <Badge tone={referral.urgency === 'ROUTINE' ? 'neutral' : 'warning'}>
              {t(`urgency.${referral.urgency}` as MessageKey)}
            </Badge>
            <StatusBadge status={referral.status} />
          </span>
        </div>
        <p className="referral-item-meta">
          <span>
            {side === 'referring'
              ? t('referrals.to', { org: other.name })
              : t('referrals.from', { org: other.name })}
          </span>
          <span>{referral.needs.map((n) => categoryName(n.code, n.name)).join(', ')}</span>
          <span>{t('referrals.updated', { time: formatInstant(referral.updatedAt, locale) })}</span>
        </p>
        <ReferralClock referral={referral} now={now} />
      </li>
    );
  }

  const count = mine.length;
  return (
    <div className="referral-board">
      <form
        className="board-filters"
        aria-label={t('referrals.filters')}
        onSubmit={(event) => event.preventDefault()}
      >
        <div className="field">
          <label htmlFor={`${id}-status`}>{t('referrals.status')}</label>
          <select
            id={`${id}-status`}
            value={filter.status ?? ''}
            onChange={(event) =>
              handleFilter({ status: (event.target.value || null) as ReferralStatus | null })
            }
          >
            <option value="">{t('referrals.allStatuses')}</option>
            {statusOrder.map((status) => (
              <option key={status} value={status}>
                {t(`status.${status}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={filter.overdueOnly}
            onChange={(event) => handleFilter({ overdueOnly: event.target.checked })}
          />
          {t('referrals.overdueOnly')}
        </label>
        <p className="board-count" role="status">
          {query.data
            ? count === 1
              ? t('referrals.countOne')
              : t('referrals.count', { count })
            : ''}
        </p>
      </form>

      {query.loading ? <p role="status">{t('referrals.loading')}</p> : null}
      {query.error ? (
        <StatusMessage
          tone="error"
          action={
            <button type="button" className="button-secondary" onClick={query.refresh}>
              {t('search.retry')}
            </button>
          }
        >
          {t('referrals.error', {
            message: query.error.kind === 'api' ? query.error.message : t('search.networkError'),
          })}
        </StatusMessage>
      ) : null}
      {query.data && count === 0 ? <p className="board-empty">{t('referrals.empty')}</p> : null}
      {groups.map((group) => (
        <section
          key={group.status}
          className="referral-group"
          aria-labelledby={`${id}-${group.status}`}
        >
          <h2 id={`${id}-${group.status}`}>
            {t(`status.${group.status}` as MessageKey)}{' '}
            <span className="group-count">({group.items.length})</span>
          </h2>
          <ul className="referral-list">{group.items.map(renderItem)}</ul>
        </section>
      ))}
    </div>
  );
}
