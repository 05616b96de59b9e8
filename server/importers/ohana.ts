import { languageCode, languageName } from '../domain/directory/languages.ts';
import { categoryForText } from '../domain/directory/need-text.ts';
import { addChild, type Draft, draft, type ImportContext, type Origin } from './context.ts';
import { blank, cleanText, INTERPRETATION_TEXT } from './text.ts';

/**
 * Reader for the 2013 Ohana (pre-HSDS) MongoDB export: one flat record per service/site, with
 * the parent agency by name only. Each record becomes a service, a location when it has an
 * address or coordinates, and an organization per distinct agency (or the record's own name).
 * Ohana records have no ids, so ids derive from agency, name and address.
 */

type Json = Record<string, unknown>;

function strings(v: unknown): string[] {
  if (!Array.isArray(v)) return typeof v === 'string' && v.trim() ? [v.trim()] : [];
  return v
    .flat(2)
    .filter((x): x is string => typeof x === 'string' && x.trim() !== '')
    .map((x) => x.trim());
}

function textOf(v: unknown): string | null {
  return typeof v === 'string'
    ? cleanText(v)
    : Array.isArray(v)
      ? cleanText(strings(v).join('\n'))
      : null;
}

/** Reads Ohana records into drafts. */
export function readOhana(
  ctx: ImportContext,
  documents: Array<{ file: string; objects: Array<{ value: Json; row: number | null }> }>,
): Draft[] {
  const drafts: Draft[] = [];
  const orgs = new Map<string, string>();
  const terms = new Map<string, string>();
  const usedKeys = new Map<string, number>();
  const taxonomyId = ctx.id('taxonomy', 'ohana-keywords');
  let taxonomyAdded = false;

  for (const doc of documents) {
    for (const { value: r, row } of doc.objects) {
      const name = blank(r.name) ?? '';
      const agency = blank(r.agency) ?? name;
      const origin: Origin = { file: doc.file, row, sourceId: null };
      let orgId = orgs.get(agency);
      if (!orgId) {
        orgId = ctx.id('organization', agency);
        orgs.set(agency, orgId);
        drafts.push(
          draft(
            'organization',
            { ...origin, sourceId: agency },
            { id: orgId, name: agency, description: '', website: strings(r.urls)[0] ?? null },
          ),
        );
      }
      // Names repeat across sites, so the address is part of the key; true duplicates get a counter.
      const baseKey = [agency, name, blank(r.street_address) ?? '', blank(r.city) ?? ''].join('|');
      const n = (usedKeys.get(baseKey) ?? 0) + 1;
      usedKeys.set(baseKey, n);
      const key = n === 1 ? baseKey : `${baseKey}#${n}`;
      const serviceOrigin = { ...origin, sourceId: key };
      const eligibility = textOf(r.eligibility_requirements);
      const service = draft('service', serviceOrigin, {
        id: ctx.id('service', key),
        organization_id: orgId,
        name,
        description: [textOf(r.description), textOf(r.services_provided)]
          .filter(Boolean)
          .join('\n\n'),
        url: strings(r.urls)[0] ?? null,
        email: strings(r.emails)[0] ?? null,
        fees_description: textOf(r.fees),
        application_process: textOf(r.how_to_apply),
        wait_time: textOf(r.service_wait),
        eligibility_description: eligibility,
        eligibility: eligibility ? { description: eligibility } : null,
        status: 'active',
      });
      drafts.push(service);
      // Ohana nests phones one level too deep: a list of lists of { number, phone_hours }.
      const phones = Array.isArray(r.phones) ? r.phones.flat(2) : [];
      phones.forEach((p, i) => {
        if (typeof p !== 'object' || p === null) return;
        const number = 'number' in p ? blank(p.number) : null;
        const hours = 'phone_hours' in p ? blank(p.phone_hours) : null;
        addChild(service, 'phones', {
          origin: serviceOrigin,
          value: {
            id: ctx.id('phone', `${key}/${i + 1}`),
            number: number ?? '',
            description: hours,
          },
        });
      });
      const hours = textOf(r.service_hours);
      // Hours are prose ("Monday-Friday, 8:30-12, 1-5"); kept as a description-only schedule.
      if (hours)
        addChild(service, 'schedules', {
          origin: serviceOrigin,
          value: { id: ctx.id('schedule', key), description: hours },
        });
      const seenLanguages = new Set<string>();
      for (const spoken of strings(r.languages_spoken)) {
        const code = languageCode(spoken);
        if (!code && INTERPRETATION_TEXT.test(spoken)) {
          // "Interpreter", "AT&T Language Line": interpretation, which HSDS 3 has a field for.
          const current =
            typeof service.value.interpretation_services === 'string'
              ? service.value.interpretation_services
              : '';
          if (!current.includes(spoken))
            service.value.interpretation_services = current ? `${current}\n${spoken}` : spoken;
          continue;
        }
        if (!code) {
          ctx.warn(
            serviceOrigin,
            'language',
            'languages_spoken',
            `"${spoken}" names no language we know; the record was flagged.`,
          );
          service.flags.push({
            code: 'UNMAPPED_VALUE',
            field: 'languages',
            message: `The language "${spoken}" could not be matched to an ISO 639 code.`,
          });
          continue;
        }
        if (seenLanguages.has(code)) continue;
        seenLanguages.add(code);
        addChild(service, 'languages', {
          origin: serviceOrigin,
          value: {
            id: ctx.id('language', `${key}/${code}`),
            code,
            name: languageName(code),
            note: languageName(code) === spoken ? null : spoken,
          },
        });
      }
      for (const keyword of strings(r.keywords)) {
        const termKey = keyword.toLowerCase();
        let termId = terms.get(termKey);
        if (!termId) {
          termId = ctx.id('taxonomy_term', termKey);
          terms.set(termKey, termId);
          if (!taxonomyAdded) {
            drafts.push(
              draft(
                'taxonomy',
                { ...origin, sourceId: 'ohana-keywords' },
                {
                  id: taxonomyId,
                  name: 'Ohana keywords',
                  description: 'Free-text keywords from the Ohana export.',
                },
              ),
            );
            taxonomyAdded = true;
          }
          drafts.push(
            draft(
              'taxonomy_term',
              { ...origin, sourceId: keyword },
              {
                id: termId,
                name: keyword,
                taxonomy_id: taxonomyId,
                category: categoryForText(keyword),
              },
            ),
          );
        }
        addChild(service, 'attributes', {
          origin: serviceOrigin,
          value: { id: ctx.id('attribute', `${key}/${termKey}`), taxonomy_term_id: termId },
        });
      }

      const coordinates = Array.isArray(r.coordinates) ? r.coordinates : null;
      const street = blank(r.street_address);
      if (!coordinates && !street) continue;
      const locationId = ctx.id('location', key);
      const location = draft('location', serviceOrigin, {
        id: locationId,
        organization_id: orgId,
        name,
        transportation: textOf(r.transportation_availability),
        // Ohana stores GeoJSON order: [longitude, latitude].
        latitude: typeof coordinates?.[1] === 'number' ? coordinates[1] : null,
        longitude: typeof coordinates?.[0] === 'number' ? coordinates[0] : null,
      });
      if (street) {
        addChild(location, 'addresses', {
          origin: serviceOrigin,
          value: {
            id: ctx.id('address', key),
            address_1: street,
            city: blank(r.city) ?? '',
            state_province: blank(r.state) ?? '',
            postal_code: blank(r.zipcode) ?? '',
            country: 'US',
          },
        });
      }
      strings(r.accessibility_options).forEach((a, i) => {
        addChild(location, 'accessibility', {
          origin: serviceOrigin,
          value: { id: ctx.id('accessibility', `${key}/${i + 1}`), description: a },
        });
      });
      drafts.push(location);
      drafts.push(
        draft('service_at_location', serviceOrigin, {
          id: ctx.id('service_at_location', key),
          service_id: service.value.id,
          location_id: locationId,
        }),
      );
    }
  }
  return drafts;
}
