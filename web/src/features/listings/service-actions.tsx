import { type FormEvent, useState } from 'react';
import { CreateServiceDocument, RetireServiceDocument } from '../../generated/graphql';
import { GraphQLRequestError, request } from '../../lib/graphql';
import { navigate } from '../../lib/router';
import { Field } from '../../ui/field';
import { StatusMessage } from '../../ui/status-message';
import { useListingWords } from './internal/wording';

/** True for a listing its agency retired (or closed for good). */
export function isRetired(status: string): boolean {
  return status === 'inactive' || status === 'defunct';
}

/** "New service": a name, then the new listing's editor. */
export function NewService() {
  const w = useListingWords();
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    if (!name.trim()) {
      setErrors({ 'new-service-name': [w('newService.nameMissing')] });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const data = await request(CreateServiceDocument, { input: { name: name.trim() } });
      navigate(`/listings/${encodeURIComponent(data.createService.id)}`);
      window.scrollTo(0, 0);
    } catch (error) {
      if (error instanceof GraphQLRequestError && error.issues.length > 0) {
        setErrors({ 'new-service-name': error.issues.map((issue) => issue.message) });
      } else {
        setFailure(error instanceof Error ? error.message : String(error));
      }
      setBusy(false);
    }
  }

  return (
    <form
      className="listing-editor new-service"
      onSubmit={handleSubmit}
      noValidate
      aria-labelledby="new-service-title"
    >
      <h2 id="new-service-title">{w('newService.title')}</h2>
      {failure ? (
        <StatusMessage tone="error">{w('newService.failed', { message: failure })}</StatusMessage>
      ) : null}
      <div className="listing-row">
        <Field id="new-service-name" label={w('newService.name')} errors={errors}>
          {(aria) => <input {...aria} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? w('newService.creating') : w('newService.create')}
        </button>
      </div>
    </form>
  );
}

export type RetireServiceProps = {
  serviceId: string;
  name: string;
  status: string;
  onRetired: () => void;
};

/** "Retire service", asked twice; a retired listing says so instead. */
export function RetireService({ serviceId, name, status, onRetired }: RetireServiceProps) {
  const w = useListingWords();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  async function handleRetire() {
    setBusy(true);
    setFailure(null);
    try {
      await request(RetireServiceDocument, { serviceId });
      setConfirming(false);
      onRetired();
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="listing-accurate retire-service" aria-labelledby="retire-service-title">
      <h2 id="retire-service-title">{w('retire.title')}</h2>
      {isRetired(status) ? (
        <StatusMessage tone="info">{w('retire.done')}</StatusMessage>
      ) : (
        <>
          <p className="hint">{w('retire.intro')}</p>
          {failure ? (
            <StatusMessage tone="error">{w('retire.failed', { message: failure })}</StatusMessage>
          ) : null}
          {confirming ? (
            <div role="alertdialog" aria-labelledby="retire-service-question" className="confirm">
              <p id="retire-service-question">{w('retire.confirm', { name })}</p>
              <button
                type="button"
                className="button-danger"
                onClick={handleRetire}
                disabled={busy}
              >
                {w('retire.yes')}
              </button>{' '}
              <button
                type="button"
                className="button-secondary"
                onClick={() => setConfirming(false)}
              >
                {w('retire.cancel')}
              </button>
            </div>
          ) : (
            <button type="button" className="button-secondary" onClick={() => setConfirming(true)}>
              {w('retire.button')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
