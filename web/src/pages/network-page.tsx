import { ClaimsReview } from '../features/review/claims-review';
import { useReviewWords } from '../features/review/internal/wording';
import { StaleListingsReview } from '../features/review/stale-listings-review';
import { SuggestionInbox } from '../features/review/suggestion-inbox';
import { useRequiredUser } from '../features/session/use-required-user';
import { StatusMessage } from '../ui/status-message';

/** `/network`: what network admins review: claims, stale listings and suggested edits. */
export function NetworkPage() {
  const w = useReviewWords();
  const user = useRequiredUser();
  const allowed = user?.role === 'NETWORK_ADMIN';
  return (
    <div className="network-page narrow-page">
      <h1>{w('network.title')}</h1>
      {user && !allowed ? (
        <StatusMessage tone="warning">{w('network.notAllowed')}</StatusMessage>
      ) : null}
      {user && allowed ? (
        <>
          <ClaimsReview />
          <SuggestionInbox viewerEmail={user.email} />
          <StaleListingsReview />
        </>
      ) : null}
    </div>
  );
}
