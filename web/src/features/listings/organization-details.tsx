import { type FormEvent, useState } from 'react';
import {
  OrganizationDetailsDocument,
  type OrganizationDetailsQuery,
  UpdateOrganizationDocument,
} from '../../generated/graphql';
import { GraphQLRequestError, request } from '../../lib/graphql';
import { useQuery } from '../../lib/use-query';
import { Field, IssueSummary, TextField } from '../../ui/field';
import { StatusMessage } from '../../ui/status-message';
import { type FieldIssue, groupIssues } from './internal/listing-form';
import { PhoneRows } from './internal/phone-rows';
import {
  fieldIdForOrganizationIssue,
  type OrganizationForm,
  toOrganizationInput,
} from './internal/site-form';
import { useListingWords } from './internal/wording';

/** "Organization details": the agency's own record, loaded then edited. */
export function OrganizationDetails({ organizationId }: { organizationId: string }) {
  const w = useListingWords();
  const { data, error, loading, retry } = useQuery(OrganizationDetailsDocument, {
    id: organizationId,
  });
  return (
    <details className="listing-accurate organization-details">
      <summary>
        <h2>{w('org.title')}</h2>
      </summary>
      {loading && !data ? <p role="status">{w('org.loading')}</p> : null}
      {error ? (
        <StatusMessage
          tone="error"
          action={
            <button type="button" className="button-secondary" onClick={retry}>
              ↻
            </button>
          }
        >
          {w('org.error', { message: error.message })}
        </StatusMessage>
      ) : null}
      {data ? <OrganizationEditor organization={data.organization} /> : null}
    </details>
  );
}

function OrganizationEditor({
  organization,
}: {
  organization: OrganizationDetailsQuery['organization'];
}) {
  const w = useListingWords();
  const [form, setForm] = useState<OrganizationForm>({
    name: organization.name,
    description: organization.description,
    email: organization.email ?? '',
    website: organization.website ?? '',
    phones: [],
    phonesChanged: false,
  });
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [outcome, setOutcome] = useState<{ tone: 'info' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const errors = groupIssues(issues, fieldIdForOrganizationIssue);

  function update(change: Partial<OrganizationForm>) {
    setForm((previous) => ({ ...previous, ...change }));
  }

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    setOutcome(null);
    const { input, issues: local } = toOrganizationInput(form, organization.id);
    setIssues(local);
    if (local.length > 0) return;
    setBusy(true);
    try {
      const saved = (await request(UpdateOrganizationDocument, { input })).updateOrganization;
      setForm({
        name: saved.name,
        description: saved.description,
        email: saved.email ?? '',
        website: saved.website ?? '',
        phones: saved.phones.map((p) => ({
          number: p.number,
          description: p.description ?? '',
          type: p.type ?? '',
          extension: p.extension,
        })),
        phonesChanged: false,
      });
      setOutcome({ tone: 'info', text: w('org.saved') });
    } catch (error) {
      if (error instanceof GraphQLRequestError && error.issues.length > 0) {
        setIssues([...error.issues]);
      } else {
        setOutcome({
          tone: 'error',
          text: w('org.failed', { message: error instanceof Error ? error.message : '' }),
        });
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="listing-editor" onSubmit={handleSubmit} noValidate>
      {outcome ? <StatusMessage tone={outcome.tone}>{outcome.text}</StatusMessage> : null}
      <IssueSummary title={w('edit.fix')} messages={issues.map((issue) => issue.message)} />
      <TextField
        id="organization-name"
        label={w('org.name')}
        errors={errors}
        value={form.name}
        onChange={(value) => update({ name: value })}
      />
      <Field id="organization-description" label={w('org.description')} errors={errors}>
        {(aria) => (
          <textarea
            {...aria}
            rows={4}
            value={form.description}
            onChange={(e) => update({ description: e.target.value })}
          />
        )}
      </Field>
      <div className="listing-row">
        <TextField
          id="organization-email"
          label={w('org.email')}
          errors={errors}
          type="email"
          autoComplete="email"
          value={form.email}
          onChange={(value) => update({ email: value })}
        />
        <TextField
          id="organization-website"
          label={w('org.website')}
          errors={errors}
          type="url"
          autoComplete="url"
          value={form.website}
          onChange={(value) => update({ website: value })}
        />
      </div>
      <p className="hint">{w('org.phonesHint')}</p>
      <PhoneRows
        prefix="organization"
        phones={form.phones}
        errors={errors}
        onChange={(phones) => update({ phones, phonesChanged: true })}
        w={w}
      />
      <button type="submit" className="button-primary" disabled={busy}>
        {busy ? w('site.saving') : w('org.save')}
      </button>
    </form>
  );
}
