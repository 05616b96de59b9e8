import { formatDistance, formatFreshness, formatOpenStatus } from '../../lib/format';
import { type MessageKey, useI18n } from '../../lib/i18n';
import { Link } from '../../lib/router';
import { Badge } from '../../ui/badge';
import { AddToListButton } from '../lists/add-to-list-button';
import { ContactLinks } from '../services/contact-links';
import { canRefer, useSession } from '../session/session-provider';
import type { SearchEdge } from './use-service-search';

export type ResultCardProps = {
  edge: SearchEdge;
  now: Date;
  active: boolean;
  selected: boolean;
  onHover: (id: string | null) => void;
  onSelect: (id: string) => void;
};

const eligibilityTone = { ELIGIBLE: 'good', INELIGIBLE: 'bad', UNKNOWN: 'neutral' } as const;
const eligibilityLabel: Record<string, MessageKey> = {
  ELIGIBLE: 'result.eligible',
  INELIGIBLE: 'result.ineligible',
  UNKNOWN: 'result.unknown',
};

export function resultElementId(serviceId: string): string {
  return `result-${serviceId}`;
}

/** One search result: what a coordinator needs to choose without opening it. */
export function ResultCard({ edge, now, active, selected, onHover, onSelect }: ResultCardProps) {
  const { t, locale } = useI18n();
  const { user } = useSession();
  const service = edge.node;
  const open = formatOpenStatus(edge.openStatus, now, locale, t);
  const freshness = formatFreshness(service.freshness, now, locale, t);
  const location = service.locations.find((l) => l.latitude !== null && l.longitude !== null);
  const headingId = `${resultElementId(service.id)}-name`;
  const classes = ['result-card', active ? 'is-active' : '', selected ? 'is-selected' : '']
    .filter(Boolean)
    .join(' ');

  function handleMouseEnter() {
    onHover(service.id);
  }
  function handleMouseLeave() {
    onHover(null);
  }
  function handleFocus() {
    onHover(service.id);
  }
  function handleBlur(event: React.FocusEvent<HTMLElement>) {
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) onHover(null);
  }

  return (
    <li
      id={resultElementId(service.id)}
      className={classes}
      aria-labelledby={headingId}
      onMouseEnter={handleMouseEnter}
      onMouseLeave={handleMouseLeave}
      onFocus={handleFocus}
      onBlur={handleBlur}
    >
      <div className="result-head">
        <h3 id={headingId} className="result-name">
          <Link to={`/services/${encodeURIComponent(service.id)}`}>{service.name}</Link>
        </h3>
        {edge.distanceKm !== null ? (
          <span className="result-distance">
            {t('result.distance', { distance: formatDistance(edge.distanceKm, locale) })}
          </span>
        ) : null}
      </div>
      {service.organization || location?.address ? (
        <p className="result-where">
          {service.organization ? (
            <span className="result-org">{service.organization.name}</span>
          ) : null}
          {location?.address ? (
            <span className="result-address">
              {location.address.address1}, {location.address.city}
              {location.coordinatesApproximate ? ` · ${t('result.approximate')}` : ''}
            </span>
          ) : null}
        </p>
      ) : null}
      <p className="result-status">
        <Badge tone={open.tone === 'open' ? 'good' : open.tone === 'closed' ? 'bad' : 'neutral'}>
          {open.label}
        </Badge>
        {open.detail ? <span className="result-next">{open.detail}</span> : null}
        {edge.eligibility ? (
          <Badge tone={eligibilityTone[edge.eligibility.status]}>
            {t(eligibilityLabel[edge.eligibility.status] ?? 'result.unknown')}
          </Badge>
        ) : null}
        {service.acceptsReferrals ? <Badge tone="good">{t('network.takesReferrals')}</Badge> : null}
      </p>
      <ContactLinks
        phones={service.contactPhones}
        email={service.email}
        limit={1}
        className="result-contact"
      />
      {edge.eligibility && edge.eligibility.reasons.length > 0 ? (
        <ul className="result-reasons">
          {edge.eligibility.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      ) : null}
      <dl className="result-facts">
        {service.costs.length > 0 ? (
          <div>
            <dt>{t('result.cost')}</dt>
            <dd>
              {service.costs
                .map((c) => (`cost.${c}` in costKeys ? t(`cost.${c}` as MessageKey) : c))
                .join(', ')}
            </dd>
          </div>
        ) : null}
        {service.languages.length > 0 ? (
          <div>
            <dt>{t('result.languages')}</dt>
            <dd>{service.languages.map((l) => l.name).join(', ')}</dd>
          </div>
        ) : null}
      </dl>
      <div className="result-foot">
        <span className={freshness.stale ? 'freshness is-stale' : 'freshness'}>
          {freshness.label}
        </span>
        {location ? (
          <button
            type="button"
            className="button-link"
            aria-pressed={selected}
            onClick={() => onSelect(service.id)}
            aria-describedby={headingId}
          >
            {t('result.showOnMap')}
          </button>
        ) : null}
        {canRefer(user) ? (
          <AddToListButton serviceId={service.id} serviceName={service.name} />
        ) : null}
      </div>
    </li>
  );
}

const costKeys = { 'cost.FREE': 1, 'cost.SLIDING_SCALE': 1, 'cost.FEE': 1, 'cost.INSURANCE': 1 };
