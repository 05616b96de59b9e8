import { type FormEvent, useState } from 'react';
import {
  CreateLocationDocument,
  MyLocationsDocument,
  RetireLocationDocument,
  UpdateLocationDocument,
} from '../../generated/graphql';
import { GraphQLRequestError, request } from '../../lib/graphql';
import { useQuery } from '../../lib/use-query';
import { Field, IssueSummary } from '../../ui/field';
import { StatusMessage } from '../../ui/status-message';
import { type FieldIssue, groupIssues } from './internal/listing-form';
import { PhoneRows } from './internal/phone-rows';
import {
  emptySiteForm,
  fieldIdForSiteIssue,
  type Site,
  type SiteForm,
  toCreateLocationInput,
  toSiteForm,
  toUpdateLocationInput,
} from './internal/site-form';
import { type ListingTranslate, useListingWords } from './internal/wording';

type Saved = { kind: 'created' | 'saved'; name: string; approximate: boolean; timeZone: string };

function siteName(site: Pick<Site, 'name' | 'address1'>, w: ListingTranslate): string {
  return site.name || site.address1 || w('sites.unnamed');
}

function addressLine(site: Site): string {
  return [site.address1, site.address2, site.city, [site.stateProvince, site.postalCode].join(' ')]
    .map((part) => part?.trim())
    .filter(Boolean)
    .join(', ');
}

/** The agency's sites: a list, and a form to add one or edit or retire one. */
export function SitesSection() {
  const w = useListingWords();
  const { data, error, loading, retry } = useQuery(MyLocationsDocument, { first: 100 });
  const [editing, setEditing] = useState<Site | 'new' | null>(null);
  const [saved, setSaved] = useState<Saved | null>(null);
  const [retired, setRetired] = useState<string | null>(null);
  const sites = data?.myLocations.edges.map((edge) => edge.node) ?? [];

  function open(target: Site | 'new') {
    setSaved(null);
    setRetired(null);
    setEditing(target);
  }

  return (
    <section className="listing-sites" aria-labelledby="sites-title">
      <h2 id="sites-title">{w('sites.title')}</h2>
      <p className="hint">{w('sites.intro')}</p>
      {saved ? (
        <StatusMessage tone="info">
          <p>{w(saved.kind === 'created' ? 'site.created' : 'site.saved', { name: saved.name })}</p>
          <p>{saved.approximate ? w('site.approximate') : w('site.exact')}</p>
          {saved.timeZone ? <p>{w('site.timeZone', { zone: saved.timeZone })}</p> : null}
        </StatusMessage>
      ) : null}
      {retired ? (
        <StatusMessage tone="info">{w('site.retired', { name: retired })}</StatusMessage>
      ) : null}
      {loading && !data ? <p role="status">{w('sites.loading')}</p> : null}
      {error ? (
        <StatusMessage
          tone="error"
          action={
            <button type="button" className="button-secondary" onClick={retry}>
              ↻
            </button>
          }
        >
          {w('sites.error', { message: error.message })}
        </StatusMessage>
      ) : null}
      {data && sites.length === 0 ? <p>{w('sites.empty')}</p> : null}
      {sites.length > 0 ? (
        <ul className="listing-cards">
          {sites.map((site) => (
            <li key={site.id} className="listing-card site-card">
              <div>
                <strong>{siteName(site, w)}</strong>
                <span className="hint site-address">{addressLine(site)}</span>
              </div>
              <div className="site-facts">
                {site.coordinatesApproximate ? (
                  <span className="badge badge-warning">{w('sites.approximate')}</span>
                ) : null}
                {site.timeZone ? (
                  <span className="hint">{w('sites.timeZone', { zone: site.timeZone })}</span>
                ) : null}
                <button type="button" className="button-link" onClick={() => open(site)}>
                  {w('sites.edit')}
                  <span className="visually-hidden"> {siteName(site, w)}</span>
                </button>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      {editing === null ? (
        <button type="button" className="button-secondary" onClick={() => open('new')}>
          {w('sites.add')}
        </button>
      ) : (
        <SiteEditor
          key={editing === 'new' ? 'new' : editing.id}
          site={editing === 'new' ? null : editing}
          onCancel={() => setEditing(null)}
          onSaved={(result) => {
            setSaved(result);
            setEditing(null);
            retry();
          }}
          onRetired={(name) => {
            setRetired(name);
            setEditing(null);
            retry();
          }}
        />
      )}
    </section>
  );
}

type SiteEditorProps = {
  site: Site | null;
  onCancel: () => void;
  onSaved: (saved: Saved) => void;
  onRetired: (name: string) => void;
};

/** The site form: create (site is null) or update, with "Retire site" for a stored one. */
function SiteEditor({ site, onCancel, onSaved, onRetired }: SiteEditorProps) {
  const w = useListingWords();
  const [form, setForm] = useState<SiteForm>(() => (site ? toSiteForm(site) : emptySiteForm));
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const errors = groupIssues(issues, fieldIdForSiteIssue);
  const title = site ? w('site.editTitle', { name: siteName(site, w) }) : w('site.newTitle');

  function update(change: Partial<SiteForm>) {
    setForm((previous) => ({ ...previous, ...change }));
  }

  function fail(error: unknown) {
    if (error instanceof GraphQLRequestError && error.issues.length > 0) {
      setIssues([...error.issues]);
    } else {
      setFailure(error instanceof Error ? error.message : String(error));
    }
  }

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    const { input, issues: local } = site
      ? toUpdateLocationInput(form, site)
      : toCreateLocationInput(form);
    setIssues(local);
    if (local.length > 0) return;
    setBusy(true);
    try {
      const result = site
        ? (await request(UpdateLocationDocument, { input: { ...input, locationId: site.id } }))
            .updateLocation
        : (await request(CreateLocationDocument, { input })).createLocation;
      onSaved({
        kind: site ? 'saved' : 'created',
        name: result.name || form.address1.trim(),
        approximate: result.coordinatesApproximate,
        timeZone: result.timeZone ?? '',
      });
    } catch (error) {
      fail(error);
    } finally {
      setBusy(false);
    }
  }

  async function handleRetire() {
    if (!site) return;
    setFailure(null);
    setBusy(true);
    try {
      await request(RetireLocationDocument, { locationId: site.id });
      onRetired(siteName(site, w));
    } catch (error) {
      setFailure(w('site.retireFailed', { message: error instanceof Error ? error.message : '' }));
      setConfirming(false);
    } finally {
      setBusy(false);
    }
  }

  const text = (key: keyof SiteForm & string, label: string, extra: object = {}) => (
    <Field id={`site-${key}`} label={label} errors={errors}>
      {(aria) => (
        <input
          {...aria}
          {...extra}
          value={String(form[key])}
          onChange={(e) => update({ [key]: e.target.value })}
        />
      )}
    </Field>
  );

  return (
    <form
      className="listing-editor site-form"
      onSubmit={handleSubmit}
      noValidate
      aria-labelledby="site-form-title"
    >
      <h3 id="site-form-title">{title}</h3>
      {failure ? (
        <StatusMessage tone="error">{w('site.failed', { message: failure })}</StatusMessage>
      ) : null}
      <IssueSummary title={w('edit.fix')} messages={issues.map((issue) => issue.message)} />
      <fieldset>
        <legend>{w('site.legend')}</legend>
        {text('name', w('site.name'))}
        {text('address1', w('site.address1'), { autoComplete: 'address-line1' })}
        {text('address2', w('site.address2'), { autoComplete: 'address-line2' })}
        <div className="listing-row">
          {text('city', w('site.city'), { autoComplete: 'address-level2' })}
          {text('stateProvince', w('site.state'), {
            autoComplete: 'address-level1',
            maxLength: 2,
          })}
          {text('postalCode', w('site.postalCode'), {
            autoComplete: 'postal-code',
            inputMode: 'numeric',
          })}
        </div>
      </fieldset>
      <fieldset>
        <legend>{w('site.place')}</legend>
        <p className="hint">{w('site.placeHint')}</p>
        <div className="listing-row">
          {text('latitude', w('site.latitude'), { inputMode: 'decimal' })}
          {text('longitude', w('site.longitude'), { inputMode: 'decimal' })}
        </div>
      </fieldset>
      <PhoneRows
        prefix="site"
        phones={form.phones}
        errors={errors}
        onChange={(phones) => update({ phones })}
        w={w}
      />
      <Field id="site-accessibility" label={w('site.accessibility')} errors={errors}>
        {(aria) => (
          <textarea
            {...aria}
            rows={3}
            value={form.accessibility}
            onChange={(e) => update({ accessibility: e.target.value })}
          />
        )}
      </Field>
      {text('languages', w('site.languages'))}
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? w('site.saving') : site ? w('site.save') : w('site.create')}
        </button>
        <button type="button" className="button-secondary" onClick={onCancel} disabled={busy}>
          {w('site.cancel')}
        </button>
      </div>
      {site ? (
        <div className="retire-box">
          {confirming ? (
            <div role="alertdialog" aria-labelledby="site-retire-question" className="confirm">
              <p id="site-retire-question">
                {w('site.retireConfirm', { name: siteName(site, w) })}
              </p>
              <button
                type="button"
                className="button-danger"
                onClick={handleRetire}
                disabled={busy}
              >
                {w('site.retireYes')}
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
              {w('site.retire')}
            </button>
          )}
        </div>
      ) : null}
    </form>
  );
}
