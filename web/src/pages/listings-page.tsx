import '../features/listings/listings.css';
import { useListingWords } from '../features/listings/internal/wording';
import { OrganizationDetails } from '../features/listings/organization-details';
import { isRetired, NewService } from '../features/listings/service-actions';
import { SitesSection } from '../features/listings/sites';
import { SuggestionInbox } from '../features/review/suggestion-inbox';
import { useRequiredUser } from '../features/session/use-required-user';
import { MyServicesDocument } from '../generated/graphql';
import { formatDate } from '../lib/format';
import { useI18n } from '../lib/i18n';
import { Link } from '../lib/router';
import { useQuery } from '../lib/use-query';
import { StatusMessage } from '../ui/status-message';

function isAgency(role: string | undefined): boolean {
  return role === 'AGENCY_STAFF' || role === 'ORG_ADMIN';
}

/** `/listings`: the services the agency lists, each a link to its editor. */
export function ListingsPage() {
  const w = useListingWords();
  const { locale } = useI18n();
  const user = useRequiredUser();
  const allowed = isAgency(user?.role);
  const { data, error, loading, retry } = useQuery(
    MyServicesDocument,
    { first: 100 },
    { skip: !allowed },
  );

  return (
    <div className="listings-page">
      <h1>{w('mine.title')}</h1>
      {user && !allowed ? (
        <StatusMessage tone="warning">{w('mine.notAllowed')}</StatusMessage>
      ) : null}
      {user && allowed ? (
        <p className="hint">{w('mine.intro', { org: user.organization.name })}</p>
      ) : null}
      {allowed && loading ? <p role="status">{w('mine.loading')}</p> : null}
      {error ? (
        <StatusMessage
          tone="error"
          action={
            <button type="button" className="button-secondary" onClick={retry}>
              ↻
            </button>
          }
        >
          {w('mine.error', { message: error.message })}
        </StatusMessage>
      ) : null}
      {data && data.myServices.edges.length === 0 ? <p>{w('mine.empty')}</p> : null}
      {data && data.myServices.edges.length > 0 ? (
        <ul className="listing-cards">
          {data.myServices.edges.map(({ node }) => (
            <li key={node.id} className="listing-card">
              <Link to={`/listings/${encodeURIComponent(node.id)}`}>
                {node.name}
                <span className="visually-hidden"> — {w('mine.edit', { name: node.name })}</span>
              </Link>
              {isRetired(node.status) ? (
                <span className="badge badge-neutral">{w('mine.retired')}</span>
              ) : null}
              <span className="hint">
                {node.assuredDate
                  ? w('mine.verified', { date: formatDate(node.assuredDate, locale) })
                  : w('mine.neverVerified')}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {user && allowed ? <NewService /> : null}
      {user && allowed ? <SitesSection /> : null}
      {user && allowed ? <OrganizationDetails organizationId={user.organization.id} /> : null}
      {user && allowed ? <SuggestionInbox viewerEmail={user.email} /> : null}
    </div>
  );
}
