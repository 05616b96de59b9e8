import { useMemo } from 'react';
import type { ServiceQuery } from '../../generated/graphql';
import { formatDate, formatDistance, formatFreshness, formatOpenStatus } from '../../lib/format';
import { type MessageKey, useI18n } from '../../lib/i18n';
import { Link } from '../../lib/router';
import { viewerTimeZone, zoneAbbreviation, zoneSuffix } from '../../lib/site-time';
import { Badge } from '../../ui/badge';
import { AddToListButton } from '../lists/add-to-list-button';
import { ReferAlternatives } from '../referrals/refer-alternatives';
import { ServiceReviewActions } from '../review/service-review-actions';
import { canRefer, useSession } from '../session/session-provider';
import { ContactLinks } from './contact-links';
import { ServiceHoursView } from './service-hours';

type Service = ServiceQuery['service'];

export type ServiceDetailProps = {
  service: Service;
  /** What the search that led here said (eligibility, distance); the detail query has neither. */
  remembered: {
    openStatus: { isOpen: boolean | null; nextChange: string | null };
    eligibility: { status: string; reasons: string[] } | null;
    distanceKm: number | null;
  } | null;
};

const costKeys = new Set(['FREE', 'SLIDING_SCALE', 'FEE', 'INSURANCE']);

function directionsUrl(lat: number, lng: number): string {
  return `https://www.openstreetmap.org/directions?to=${lat}%2C${lng}`;
}

export function ServiceDetail({ service, remembered }: ServiceDetailProps) {
  const { t, locale } = useI18n();
  const { user } = useSession();
  const now = useMemo(() => new Date(), []);
  const viewerZone = useMemo(() => viewerTimeZone(), []);
  const open = formatOpenStatus(service.openStatus, now, locale, t, undefined, viewerZone);
  const siteZone = service.openStatus.timeZone;
  // Weekly hours are the site's wall-clock times: name its zone when the viewer's clock differs.
  const hoursZone = zoneSuffix(siteZone, viewerZone, now, locale)
    ? zoneAbbreviation(siteZone, now, locale)
    : null;
  const freshness = formatFreshness(service.freshness, now, locale, t);
  const allowed = canRefer(user);
  const active = service.status === 'active' && service.organization !== null;
  const offNetwork = allowed && active && !service.acceptsReferrals;
  const referable = allowed && active && service.acceptsReferrals;
  const actionHint = !allowed
    ? t('service.signInToRefer')
    : !active
      ? t('refer.inactive')
      : offNetwork
        ? t('network.referDisabledShort')
        : null;

  return (
    <article className="service-detail" aria-labelledby="service-name">
      <header className="service-header">
        <h1 id="service-name">{service.name}</h1>
        {service.organization ? (
          <p className="service-org">
            {t('service.organization')} <strong>{service.organization.name}</strong>
          </p>
        ) : null}
        <p className="service-badges">
          {remembered?.distanceKm != null ? (
            <span>
              {t('result.distance', { distance: formatDistance(remembered.distanceKm, locale) })}
            </span>
          ) : null}
          {service.status !== 'active' ? (
            <Badge tone="warning">{t('service.status', { status: service.status })}</Badge>
          ) : null}
          <Badge tone={service.acceptsReferrals ? 'good' : 'neutral'}>
            {service.acceptsReferrals ? t('network.takesReferrals') : t('network.notOnNetwork')}
          </Badge>
          <span className={freshness.stale ? 'freshness is-stale' : 'freshness'}>
            {freshness.label}
          </span>
        </p>
        <div className="service-actions">
          {referable ? (
            <Link
              to={`/services/${encodeURIComponent(service.id)}/refer`}
              className="button-primary"
            >
              {t('service.refer')}
            </Link>
          ) : (
            <button
              type="button"
              className="button-primary"
              aria-disabled="true"
              title={actionHint ?? undefined}
              aria-describedby={offNetwork ? 'service-alternatives' : 'service-action-hint'}
            >
              {t('service.refer')}
            </button>
          )}
          {offNetwork ? null : allowed ? (
            <AddToListButton serviceId={service.id} serviceName={service.name} />
          ) : (
            <button
              type="button"
              className="button-secondary"
              aria-disabled="true"
              title={actionHint ?? undefined}
              aria-describedby="service-action-hint"
            >
              {t('service.addToList')}
            </button>
          )}
          {actionHint && !offNetwork ? (
            <span id="service-action-hint" className="hint">
              {actionHint}
            </span>
          ) : null}
        </div>
        {offNetwork && service.organization ? (
          <ReferAlternatives
            id="service-alternatives"
            service={service}
            agencyName={service.organization.name}
          />
        ) : null}
      </header>
      <ServiceReviewActions service={service} />

      <p className="service-description">{service.description}</p>

      <div className="service-sections">
        <section aria-labelledby="service-hours">
          <h2 id="service-hours">{t('service.hours')}</h2>
          {open.tone !== 'unknown' ? (
            <p className="service-open">
              <Badge tone={open.tone === 'open' ? 'good' : 'bad'}>
                {open.tone === 'open' ? t('service.openNow') : open.label}
              </Badge>
              {open.detail ? <span> · {open.detail}</span> : null}
            </p>
          ) : null}
          {service.locations.length > 1 && service.locations[0] ? (
            <p className="hint">
              {t('hours.atSite', {
                site: service.locations[0].name ?? service.locations[0].address?.address1 ?? '',
              })}
            </p>
          ) : null}
          <ServiceHoursView hours={service.hours} zoneLabel={hoursZone} />
        </section>

        <section aria-labelledby="service-contact">
          <h2 id="service-contact">{t('contact.title')}</h2>
          <ContactLinks
            phones={service.contactPhones}
            email={service.email}
            showSource
            className="plain-list contact-links"
          />
          {service.contactPhones.length === 0 && !service.email ? <p>{t('contact.none')}</p> : null}
        </section>

        <section aria-labelledby="service-eligibility">
          <h2 id="service-eligibility">{t('service.eligibility')}</h2>
          <p>{service.eligibilityDescription ?? t('service.eligibilityNone')}</p>
          {remembered?.eligibility && remembered.eligibility.reasons.length > 0 ? (
            <ul>
              {remembered.eligibility.reasons.map((reason) => (
                <li key={reason}>{reason}</li>
              ))}
            </ul>
          ) : null}
        </section>

        <section aria-labelledby="service-documents">
          <h2 id="service-documents">{t('service.documents')}</h2>
          {service.requiredDocuments.length > 0 ? (
            <ul>
              {service.requiredDocuments.map((document) => (
                <li key={document}>{document}</li>
              ))}
            </ul>
          ) : (
            <p>{t('service.documentsNone')}</p>
          )}
        </section>

        {service.applicationProcess ? (
          <section aria-labelledby="service-apply">
            <h2 id="service-apply">{t('service.apply')}</h2>
            <p>{service.applicationProcess}</p>
          </section>
        ) : null}

        <section aria-labelledby="service-costs">
          <h2 id="service-costs">{t('service.costs')}</h2>
          <p>
            {service.costs
              .map((c) => (costKeys.has(c) ? t(`cost.${c}` as MessageKey) : c))
              .join(', ') || '—'}
          </p>
          {service.feesDescription ? <p>{service.feesDescription}</p> : null}
        </section>

        <section aria-labelledby="service-languages">
          <h2 id="service-languages">{t('service.languages')}</h2>
          <p>{service.languages.map((l) => l.name).join(', ') || '—'}</p>
        </section>

        {service.locations.length > 0 ? (
          <section aria-labelledby="service-address">
            <h2 id="service-address">{t('service.address')}</h2>
            <ul className="plain-list">
              {service.locations.map((location) => (
                <li key={location.id}>
                  {location.name ? <strong>{location.name}</strong> : null}
                  {location.address ? (
                    <address>
                      {location.address.address1}
                      <br />
                      {location.address.city}, {location.address.stateProvince}{' '}
                      {location.address.postalCode}
                    </address>
                  ) : null}
                  {location.latitude !== null && location.longitude !== null ? (
                    <a href={directionsUrl(location.latitude, location.longitude)} rel="noopener">
                      {t('service.directions')}
                    </a>
                  ) : null}
                  {location.coordinatesApproximate ? (
                    <span className="hint"> ({t('result.approximate')})</span>
                  ) : null}
                </li>
              ))}
            </ul>
          </section>
        ) : null}

        {service.url ? (
          <section aria-labelledby="service-website">
            <h2 id="service-website">{t('service.website')}</h2>
            <p>
              <a href={service.url} rel="noopener noreferrer">
                {service.url}
              </a>
            </p>
          </section>
        ) : null}

        <section aria-labelledby="service-verified">
          <h2 id="service-verified">{t('service.lastVerified')}</h2>
          <p>
            {service.freshness.assuredDate
              ? formatDate(service.freshness.assuredDate, locale)
              : t('service.notVerified')}
            {service.freshness.stale ? ` — ${t('result.stale')}` : ''}
          </p>
        </section>
      </div>
    </article>
  );
}
