import '../features/listings/listings.css';
import { useListingWords } from '../features/listings/internal/wording';
import { ListingEditor } from '../features/listings/listing-editor';
import { RetireService } from '../features/listings/service-actions';
import { ServiceSites } from '../features/listings/service-sites';
import { useRequiredUser } from '../features/session/use-required-user';
import { EditableServiceDocument } from '../generated/graphql';
import { Link } from '../lib/router';
import { useQuery } from '../lib/use-query';
import { StatusMessage } from '../ui/status-message';

export type ListingEditPageProps = { id: string };

/** `/listings/:id`: an agency edits one of its listings. */
export function ListingEditPage({ id }: ListingEditPageProps) {
  const w = useListingWords();
  const user = useRequiredUser();
  const { data, error, loading, retry } = useQuery(
    EditableServiceDocument,
    { id },
    { skip: !user },
  );
  const listing = data?.editableService;

  return (
    <div className="listings-page">
      <p>
        <Link to="/listings">{w('edit.back')}</Link>
      </p>
      {listing ? <h1>{w('edit.title', { name: listing.name })}</h1> : null}
      {loading && !listing ? <p role="status">{w('edit.loading')}</p> : null}
      {error ? (
        <StatusMessage tone="error">{w('edit.error', { message: error.message })}</StatusMessage>
      ) : null}
      {listing ? <ListingEditor listing={listing} onReload={retry} /> : null}
      {listing ? (
        <ServiceSites serviceId={listing.id} locations={listing.locations} onChanged={retry} />
      ) : null}
      {listing ? (
        <RetireService
          serviceId={listing.id}
          name={listing.name}
          status={listing.status}
          onRetired={retry}
        />
      ) : null}
    </div>
  );
}
