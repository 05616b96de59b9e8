import './review.css';
import { type FormEvent, useState } from 'react';
import { ClaimOrganizationDocument, OrganizationClaimableDocument } from '../../generated/graphql';
import { GraphQLRequestError, request } from '../../lib/graphql';
import { useQuery } from '../../lib/use-query';
import { useReviewWords } from './internal/wording';

export type ClaimOrganizationProps = { organizationId: string };

/** "Claim this organization", shown when nobody on the network keeps its listings. */
export function ClaimOrganization({ organizationId }: ClaimOrganizationProps) {
  const w = useReviewWords();
  const { data } = useQuery(OrganizationClaimableDocument, { id: organizationId });
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const organization = data?.organization;
  if (!organization?.claimable) return null;

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setNoteError(null);
    setFailure(null);
    try {
      await request(ClaimOrganizationDocument, { input: { organizationId, note } });
      setSent(true);
    } catch (error) {
      const issue =
        error instanceof GraphQLRequestError ? error.issues.find((i) => i.path === 'note') : null;
      if (issue) setNoteError(issue.message);
      else setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  }

  if (sent) {
    return (
      <div className="status-message status-info" role="status">
        <p>{w('claim.sent')}</p>
      </div>
    );
  }
  if (!open) {
    return (
      <button type="button" className="button-secondary" onClick={() => setOpen(true)}>
        {w('claim.open')}
      </button>
    );
  }
  return (
    <section className="review-panel" aria-labelledby="claim-title">
      <h2 id="claim-title">{w('claim.open')}</h2>
      <p className="hint">{w('claim.intro', { org: organization.name })}</p>
      {failure ? (
        <div className="status-message status-error" role="alert">
          <p>{w('claim.failed', { message: failure })}</p>
        </div>
      ) : null}
      <form onSubmit={handleSubmit} noValidate className="review-form">
        <div className={noteError ? 'field has-error' : 'field'}>
          <label htmlFor="claim-note">{w('claim.note', { org: organization.name })}</label>
          <textarea
            id="claim-note"
            rows={3}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            aria-invalid={noteError ? true : undefined}
            aria-describedby={noteError ? 'claim-note-error' : undefined}
          />
          {noteError ? (
            <p id="claim-note-error" className="field-error">
              {noteError}
            </p>
          ) : null}
        </div>
        <p className="review-actions">
          <button type="submit" className="button-primary" disabled={busy}>
            {busy ? w('claim.sending') : w('claim.send')}
          </button>
          <button type="button" className="button-link" onClick={() => setOpen(false)}>
            {w('claim.cancel')}
          </button>
        </p>
      </form>
    </section>
  );
}
