import type { ResourceListQuery } from '../../generated/graphql';
import { formatLocale, type Lang } from '../../lib/i18n';
import { sheetWords } from './internal/wording';

export type ListSheetProps = {
  list: ResourceListQuery['resourceList'];
  lang: Lang;
  organizationName: string;
};

/** The printable list: services, how to reach them and the coordinator's notes; no client data. */
export function ListSheet({ list, lang, organizationName }: ListSheetProps) {
  const s = sheetWords(lang);
  const prepared = new Intl.DateTimeFormat(formatLocale(lang), { dateStyle: 'long' }).format(
    new Date(),
  );
  return (
    <article className="print-sheet" lang={lang} aria-labelledby="sheet-title">
      <header>
        <h1 id="sheet-title">{s('heading')}</h1>
        <p className="sheet-meta">
          {s('from', { organization: organizationName })} · {s('prepared', { date: prepared })}
        </p>
        {list.note ? <p className="sheet-note">{list.note}</p> : null}
      </header>
      <ol className="sheet-items">
        {list.items.map((item) => {
          const service = item.service;
          return (
            <li key={item.id} className="sheet-item">
              <h2>{service?.name ?? item.serviceId}</h2>
              {service ? (
                <>
                  {service.organization ? (
                    <p className="sheet-org">{service.organization.name}</p>
                  ) : null}
                  <dl>
                    {/* The service's own numbers first, then its sites' and organization's. */}
                    {service.contactPhones.slice(0, 3).map((phone) => (
                      <div key={phone.number}>
                        <dt>{s('phone')}</dt>
                        <dd>{phone.number}</dd>
                      </div>
                    ))}
                    {service.locations.map((location) =>
                      location.address ? (
                        <div key={location.id}>
                          <dt>{s('address')}</dt>
                          <dd>
                            {location.address.address1}, {location.address.city},{' '}
                            {location.address.stateProvince} {location.address.postalCode}
                          </dd>
                        </div>
                      ) : null,
                    )}
                    {service.hoursSummary ? (
                      <div>
                        <dt>{s('hours')}</dt>
                        <dd>{service.hoursSummary}</dd>
                      </div>
                    ) : null}
                    {service.url ? (
                      <div>
                        <dt>{s('website')}</dt>
                        <dd>{service.url}</dd>
                      </div>
                    ) : null}
                  </dl>
                </>
              ) : (
                <p>{s('gone')}</p>
              )}
              {item.note ? (
                <p className="sheet-item-note">
                  <strong>{s('note')}:</strong> {item.note}
                </p>
              ) : null}
            </li>
          );
        })}
      </ol>
      <footer className="sheet-footer">{s('footer')}</footer>
    </article>
  );
}
