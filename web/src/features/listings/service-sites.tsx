import { type FormEvent, useState } from 'react';
import {
  type EditableServiceQuery,
  LinkServiceLocationDocument,
  MyLocationsDocument,
  UnlinkServiceLocationDocument,
} from '../../generated/graphql';
import { request } from '../../lib/graphql';
import { useQuery } from '../../lib/use-query';
import { StatusMessage } from '../../ui/status-message';
import { useListingWords } from './internal/wording';

type Linked = EditableServiceQuery['editableService']['locations'][number];

export type ServiceSitesProps = {
  serviceId: string;
  locations: ReadonlyArray<Linked>;
  /** Reads the listing again after a site is added or removed. */
  onChanged: () => void;
};

function label(site: {
  name?: string | null;
  address1?: string | null;
  city?: string | null;
}): string {
  const place = [site.address1, site.city].filter(Boolean).join(', ');
  return site.name ? (place ? `${site.name} (${place})` : site.name) : place;
}

/** The sites a service is offered at: add one of the agency's sites, or remove one. */
export function ServiceSites({ serviceId, locations, onChanged }: ServiceSitesProps) {
  const w = useListingWords();
  const sites = useQuery(MyLocationsDocument, { first: 100 });
  const [choice, setChoice] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ tone: 'info' | 'error'; text: string } | null>(null);
  const current = locations.filter((location) => !location.retiredAt);
  const linked = new Set(current.map((location) => location.id));
  const available = (sites.data?.myLocations.edges ?? [])
    .map((edge) => edge.node)
    .filter((site) => !linked.has(site.id));
  const picked = available.find((site) => site.id === choice) ?? available[0];

  async function change(kind: 'link' | 'unlink', locationId: string, name: string) {
    setBusy(true);
    setOutcome(null);
    try {
      const input = { serviceId, locationId };
      if (kind === 'link') await request(LinkServiceLocationDocument, { input });
      else await request(UnlinkServiceLocationDocument, { input });
      setOutcome({
        tone: 'info',
        text: w(kind === 'link' ? 'serviceSites.added' : 'serviceSites.removed', { name }),
      });
      setChoice('');
      onChanged();
    } catch (error) {
      setOutcome({
        tone: 'error',
        text: w('serviceSites.failed', { message: error instanceof Error ? error.message : '' }),
      });
    } finally {
      setBusy(false);
    }
  }

  function handleAdd(event: FormEvent) {
    event.preventDefault();
    if (picked) void change('link', picked.id, label(picked));
  }

  return (
    <section className="listing-accurate service-sites" aria-labelledby="service-sites-title">
      <h2 id="service-sites-title">{w('serviceSites.title')}</h2>
      {outcome ? <StatusMessage tone={outcome.tone}>{outcome.text}</StatusMessage> : null}
      {current.length === 0 ? <p>{w('serviceSites.none')}</p> : null}
      {current.length > 0 ? (
        <ul className="listing-cards">
          {current.map((location) => (
            <li key={location.id} className="listing-card">
              <span>{label(location)}</span>
              <button
                type="button"
                className="button-link"
                disabled={busy}
                onClick={() => void change('unlink', location.id, label(location))}
              >
                {w('edit.remove')}
                <span className="visually-hidden"> {label(location)}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {sites.data && available.length === 0 ? (
        <p className="hint">{w('serviceSites.noneLeft')}</p>
      ) : null}
      {available.length > 0 ? (
        <form className="listing-row" onSubmit={handleAdd}>
          <div className="field">
            <label htmlFor="service-site-pick">{w('serviceSites.pick')}</label>
            <select
              id="service-site-pick"
              value={picked?.id ?? ''}
              onChange={(e) => setChoice(e.target.value)}
            >
              {available.map((site) => (
                <option key={site.id} value={site.id}>
                  {label(site)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button-secondary" disabled={busy}>
            {w('serviceSites.add')}
          </button>
        </form>
      ) : null}
    </section>
  );
}
