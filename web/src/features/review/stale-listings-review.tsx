import './review.css';
import { useState } from 'react';
import {
  OrganizationClaimableDocument,
  RequestListingConfirmationDocument,
  StaleListingsDocument,
} from '../../generated/graphql';
import { formatDate } from '../../lib/format';
import { request } from '../../lib/graphql';
import { useI18n } from '../../lib/i18n';
import { Link } from '../../lib/router';
import { useQuery } from '../../lib/use-query';
import { StatusMessage } from '../../ui/status-message';
import { groupStaleListings, type StaleRow } from './internal/stale-groups';
import { useReviewWords } from './internal/wording';

const page = { first: 100 };

function OrganizationHeading({ id }: { id: string }) {
  const w = useReviewWords();
  const { data } = useQuery(OrganizationClaimableDocument, { id });
  return <h3>{data?.organization.name ?? w('network.organization', { id })}</h3>;
}

function StaleListingItem({ listing }: { listing: StaleRow }) {
  const w = useReviewWords();
  const { locale } = useI18n();
  const [outcome, setOutcome] = useState<{ tone: 'info' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function handleRequest() {
    setBusy(true);
    try {
      const { requestListingConfirmation: sent } = await request(
        RequestListingConfirmationDocument,
        { serviceId: listing.serviceId },
      );
      setOutcome({
        tone: 'info',
        text: w('network.requested', {
          count: sent.recipients,
          date: new Date(sent.expiresAt).toLocaleDateString(locale),
        }),
      });
    } catch (error) {
      setOutcome({
        tone: 'error',
        text: w('network.failed', { message: error instanceof Error ? error.message : '' }),
      });
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className="review-stale-item">
      <Link to={`/services/${encodeURIComponent(listing.serviceId)}`}>{listing.name}</Link>{' '}
      <span className="hint">
        {listing.assuredDate
          ? w('network.lastConfirmed', { date: formatDate(listing.assuredDate, locale) })
          : w('network.neverConfirmed')}
      </span>{' '}
      <button type="button" className="button-secondary" disabled={busy} onClick={handleRequest}>
        {w('network.requestConfirmation')}
        <span className="visually-hidden"> — {listing.name}</span>
      </button>
      {outcome ? <StatusMessage tone={outcome.tone}>{outcome.text}</StatusMessage> : null}
    </li>
  );
}

/** Stale listings by organization, oldest first, each with "Request confirmation". */
export function StaleListingsReview() {
  const w = useReviewWords();
  const { data, error, loading } = useQuery(StaleListingsDocument, page);
  const groups = groupStaleListings(data?.staleListings.edges.map((e) => e.node) ?? []);
  return (
    <section className="review-section" aria-labelledby="stale-title">
      <h2 id="stale-title">{w('network.stale')}</h2>
      <p className="hint">{w('network.staleIntro')}</p>
      {loading && !data ? <p role="status">{w('network.loading')}</p> : null}
      {error ? (
        <StatusMessage tone="error">
          {w('network.staleError', { message: error.message })}
        </StatusMessage>
      ) : null}
      {data && groups.length === 0 ? <p>{w('network.staleEmpty')}</p> : null}
      {groups.length > 0 ? (
        <ul className="review-cards">
          {groups.map((group) => (
            <li key={group.organizationId} className="review-card">
              <OrganizationHeading id={group.organizationId} />
              <ul className="plain-list">
                {group.listings.map((listing) => (
                  <StaleListingItem key={listing.serviceId} listing={listing} />
                ))}
              </ul>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
