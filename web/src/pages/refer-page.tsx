import '../features/referrals/referrals.css';
import { ReferAlternatives } from '../features/referrals/refer-alternatives';
import { ReferForm } from '../features/referrals/refer-form';
import { canRefer } from '../features/session/session-provider';
import { useRequiredUser } from '../features/session/use-required-user';
import { ReferClientDocument, ReferServiceInfoDocument } from '../generated/graphql';
import { useI18n } from '../lib/i18n';
import { Link } from '../lib/router';
import { useQuery } from '../lib/use-query';
import { StatusMessage } from '../ui/status-message';

export type ReferPageProps = { serviceId: string; search?: string };

export function ReferPage({ serviceId, search = '' }: ReferPageProps) {
  const { t } = useI18n();
  const user = useRequiredUser();
  const allowed = canRefer(user);
  const query = useQuery(ReferServiceInfoDocument, { id: serviceId }, { skip: !allowed });
  const service = query.data?.service;
  // Opened from a client's need: that saved client is chosen already.
  const clientId = new URLSearchParams(search).get('clientId') ?? '';
  const chosen = useQuery(ReferClientDocument, { id: clientId }, { skip: !allowed || !clientId });
  const clientReady = !clientId || chosen.data !== null || chosen.error !== null;

  return (
    <div className="referral-page">
      <p className="back-link">
        <Link to={`/services/${encodeURIComponent(serviceId)}`}>← {t('service.back')}</Link>
      </p>
      <div className="panel">
        <h1>{t('refer.title')}</h1>
        {service?.organization ? (
          <p className="refer-target">
            {t('refer.toService', { service: service.name, agency: service.organization.name })}
          </p>
        ) : null}
        {user && !allowed ? (
          <StatusMessage tone="warning">{t('refer.onlyCoordinators')}</StatusMessage>
        ) : null}
        {allowed && query.loading && !query.data ? (
          <p role="status">{t('service.loading')}</p>
        ) : null}
        {query.error ? (
          <StatusMessage
            tone="error"
            action={
              <button type="button" className="button-secondary" onClick={query.retry}>
                {t('search.retry')}
              </button>
            }
          >
            {query.error.kind === 'api' ? query.error.message : t('search.networkError')}
          </StatusMessage>
        ) : null}
        {service && service.status !== 'active' ? (
          <StatusMessage tone="warning">{t('refer.inactive')}</StatusMessage>
        ) : null}
        {service?.organization && service.status === 'active' && !service.acceptsReferrals ? (
          <ReferAlternatives service={service} agencyName={service.organization.name} />
        ) : null}
        {service &&
        query.data &&
        clientReady &&
        service.status === 'active' &&
        service.acceptsReferrals ? (
          <ReferForm
            service={service}
            taxonomy={query.data.taxonomy}
            client={chosen.data?.client ?? null}
          />
        ) : null}
      </div>
    </div>
  );
}
