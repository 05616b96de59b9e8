import './review.css';
import { type FormEvent, useState } from 'react';
import {
  ApproveOrganizationClaimDocument,
  OrganizationClaimsDocument,
  type OrganizationClaimsQuery,
  RejectOrganizationClaimDocument,
} from '../../generated/graphql';
import { GraphQLRequestError, request } from '../../lib/graphql';
import { useI18n } from '../../lib/i18n';
import { useQuery } from '../../lib/use-query';
import { StatusMessage } from '../../ui/status-message';
import { NoteForm } from './internal/note-form';
import { useReviewWords } from './internal/wording';

type Claim = OrganizationClaimsQuery['organizationClaims'][number];

const pending = { status: 'PENDING' as const, first: 100 };

type ClaimCardProps = { claim: Claim; onDecided: (message: string) => void };

function ClaimCard({ claim, onDecided }: ClaimCardProps) {
  const w = useReviewWords();
  const { locale } = useI18n();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const names = { claimant: claim.claimantOrganizationName, org: claim.organizationName };
  const idBase = `claim-${claim.id.replace(/[^\w-]/g, '-')}`;

  async function run(action: () => Promise<unknown>, done: string) {
    setBusy(true);
    setFailure(null);
    setReasonError(null);
    try {
      await action();
      onDecided(done);
    } catch (error) {
      const issue =
        error instanceof GraphQLRequestError ? error.issues.find((i) => i.path === 'reason') : null;
      if (issue) setReasonError(issue.message);
      else setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  }

  function handleReject(event: FormEvent) {
    event.preventDefault();
    void run(
      () => request(RejectOrganizationClaimDocument, { input: { claimId: claim.id, reason } }),
      w('network.rejected', names),
    );
  }

  return (
    <li className="review-card">
      <h3>{w('network.claim', names)}</h3>
      <p className="review-note">{claim.note}</p>
      <p className="hint">
        {w('network.claimBy', {
          email: claim.claimantEmail,
          date: new Date(claim.createdAt).toLocaleDateString(locale),
        })}
      </p>
      {failure ? (
        <StatusMessage tone="error">{w('network.failed', { message: failure })}</StatusMessage>
      ) : null}
      {rejecting ? (
        <NoteForm
          id={`${idBase}-reason`}
          label={w('network.rejectReason', { claimant: claim.claimantOrganizationName })}
          rows={2}
          value={reason}
          onChange={setReason}
          error={reasonError}
          busy={busy}
          submitLabel={w('network.confirmReject')}
          cancelLabel={w('claim.cancel')}
          onSubmit={handleReject}
          onCancel={() => setRejecting(false)}
        />
      ) : (
        <p className="review-actions">
          <button
            type="button"
            className="button-primary"
            disabled={busy}
            onClick={() =>
              void run(
                () => request(ApproveOrganizationClaimDocument, { claimId: claim.id }),
                w('network.approved', names),
              )
            }
          >
            {w('network.approve')}
            <span className="visually-hidden"> — {w('network.claim', names)}</span>
          </button>
          <button
            type="button"
            className="button-secondary"
            disabled={busy}
            onClick={() => setRejecting(true)}
          >
            {w('network.reject')}
            <span className="visually-hidden"> — {w('network.claim', names)}</span>
          </button>
        </p>
      )}
    </li>
  );
}

/** Pending organization claims, each approved or rejected with a reason (network admins). */
export function ClaimsReview() {
  const w = useReviewWords();
  const { data, error, loading, retry } = useQuery(OrganizationClaimsDocument, pending);
  const [outcome, setOutcome] = useState<string | null>(null);
  const claims = data?.organizationClaims ?? [];

  function handleDecided(message: string) {
    setOutcome(message);
    retry();
  }

  return (
    <section className="review-section" aria-labelledby="claims-title">
      <h2 id="claims-title">{w('network.claims')}</h2>
      {outcome ? <StatusMessage tone="info">{outcome}</StatusMessage> : null}
      {loading && !data ? <p role="status">{w('network.loading')}</p> : null}
      {error ? (
        <StatusMessage tone="error">
          {w('network.claimsError', { message: error.message })}
        </StatusMessage>
      ) : null}
      {data && claims.length === 0 ? <p>{w('network.claimsEmpty')}</p> : null}
      {claims.length > 0 ? (
        <ul className="review-cards">
          {claims.map((claim) => (
            <ClaimCard key={claim.id} claim={claim} onDecided={handleDecided} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}
