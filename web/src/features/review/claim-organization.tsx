import './review.css';
import { type FormEvent, useState } from 'react';
import { ClaimOrganizationDocument, OrganizationClaimableDocument } from '../../generated/graphql';
import { GraphQLRequestError, request } from '../../lib/graphql';
import { useQuery } from '../../lib/use-query';
import { StatusMessage } from '../../ui/status-message';
import { NoteForm } from './internal/note-form';
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
      <StatusMessage tone="info">
        <p>{w('claim.sent')}</p>
      </StatusMessage>
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
        <StatusMessage tone="error">
          <p>{w('claim.failed', { message: failure })}</p>
        </StatusMessage>
      ) : null}
      <NoteForm
        id="claim-note"
        label={w('claim.note', { org: organization.name })}
        rows={3}
        value={note}
        onChange={setNote}
        error={noteError}
        busy={busy}
        submitLabel={busy ? w('claim.sending') : w('claim.send')}
        cancelLabel={w('claim.cancel')}
        onSubmit={handleSubmit}
        onCancel={() => setOpen(false)}
      />
    </section>
  );
}
