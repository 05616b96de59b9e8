import { recallResult } from '../features/search/result-memory';
import { ServiceDetail } from '../features/services/service-detail';
import { ServiceDocument } from '../generated/graphql';
import { useI18n } from '../lib/i18n';
import { cameFromApp, Link } from '../lib/router';
import { useQuery } from '../lib/use-query';
import { StatusMessage } from '../ui/status-message';

export type ServicePageProps = { id: string };

export function ServicePage({ id }: ServicePageProps) {
  const { t } = useI18n();
  const query = useQuery(ServiceDocument, { id });
  const remembered = recallResult(id);

  return (
    <div className="service-page">
      <p className="back-link">
        {cameFromApp() ? (
          <a
            href="/"
            onClick={(event) => {
              event.preventDefault();
              window.history.back();
            }}
          >
            ← {t('service.back')}
          </a>
        ) : (
          <Link to="/">← {t('app.backToSearch')}</Link>
        )}
      </p>
      {query.loading && !query.data ? <p role="status">{t('service.loading')}</p> : null}
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
      {query.data ? <ServiceDetail service={query.data.service} remembered={remembered} /> : null}
    </div>
  );
}
