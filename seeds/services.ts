import { type ServiceTemplate, termNames } from './catalog.ts';
import { buildCosts } from './costs.ts';
import { buildEligibility } from './eligibility.ts';
import { taxonomyTermId } from './ids.ts';
import { interpretationText, languageRecords } from './languages.ts';
import { type Ctx, type OrgContext, phoneNumber } from './organizations.ts';
import type { Rng } from './prng.ts';
import { buildSchedules } from './schedules.ts';
import { fill, slug } from './text.ts';
import type { HsdsAttribute, HsdsFullService, HsdsPhone, HsdsSchedule } from './types.ts';

/** "Now" for the dataset: assured dates and seasonal hours are spread around this day. */
export const REFERENCE_DATE = '2026-11-01';

const DAY_MS = 86_400_000;
const referenceMs = Date.parse(`${REFERENCE_DATE}T00:00:00Z`);

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function attributeFor(nextId: () => string, code: string): HsdsAttribute {
  const termId = taxonomyTermId(code);
  return {
    id: nextId(),
    taxonomy_term_id: termId,
    taxonomy_term: { id: termId, code, name: termNames[code] ?? code, taxonomy: 'wayfinder' },
  };
}

function assuredDate(rng: Rng): { assured: string; modified: string } {
  // About half the records were checked in the last six months; the rest are stale.
  const age = rng.chance(0.55) ? rng.int(0, 180) : rng.int(181, 730);
  const assuredMs = referenceMs - age * DAY_MS;
  const modifiedMs =
    Math.min(referenceMs - DAY_MS, assuredMs + rng.int(0, 20) * DAY_MS) +
    rng.int(8 * 3600, 18 * 3600) * 1000;
  return {
    assured: isoDay(assuredMs),
    modified: `${new Date(modifiedMs).toISOString().slice(0, 19)}Z`,
  };
}

/** Makes one service of an organization from a template of its kind. */
export function makeService(
  ctx: Ctx,
  oc: OrgContext,
  template: ServiceTemplate,
  usedServiceNames: Set<string>,
): HsdsFullService {
  const { rng, nextId } = ctx;
  const { org } = oc;
  let name = rng.pick(template.names);
  if (usedServiceNames.has(name))
    name =
      template.names.find((n) => !usedServiceNames.has(n)) ??
      `${name} (${oc.sites.length > 1 ? 'second site' : 'additional'})`;
  usedServiceNames.add(name);
  const id = nextId();

  // Where: the main site, or for multi-site organizations sometimes two or three sites.
  let sites = [oc.sites[0]];
  if (oc.sites.length > 1) {
    const roll = rng.next();
    if (roll < 0.2) sites = rng.sample(oc.sites, rng.int(2, oc.sites.length));
    else if (roll < 0.4) sites = [rng.pick(oc.sites.slice(1))];
  }
  const siteList = sites.filter((s): s is OrgContext['sites'][number] => s !== undefined);
  const first = siteList[0] ?? oc.sites[0];
  if (!first) throw new Error('organization without a site');
  const place = first.place;
  const county = place.county.replace(/, [A-Z]{2}$/, '');
  const values = { org: org.name, area: place.area, city: place.city, county };

  const languageCodes = oc.languages.filter((code) => code === 'en' || rng.chance(0.85));
  const detailCount = rng.int(1, Math.min(2, template.details.length));
  const sentences = [
    fill(rng.pick(template.lead), values),
    ...rng.sample(template.details, detailCount).map((d) => fill(d, values)),
  ];
  if (languageCodes.includes('es') && rng.chance(0.3)) sentences.push('Se habla español.');
  const description = sentences.join(' ');

  const hoursKind = rng.pick(template.hours);
  const overnight = template.codes.some((c) => c.startsWith('housing'));
  const schedules: HsdsSchedule[] = buildSchedules(rng, hoursKind, overnight).map((s) => ({
    id: nextId(),
    ...s,
  }));

  const documents = template.documents
    ? rng.sample(template.documents, rng.int(1, template.documents.length))
    : [];
  const eligibilityKind = rng.pick(template.eligibility);
  const eligibility = buildEligibility(
    rng,
    eligibilityKind,
    place,
    eligibilityKind === 'veterans'
      ? [...new Set([...documents, 'DD-214 or other proof of military service'])]
      : documents,
  );
  const costs = buildCosts(rng, nextId, template);
  const { assured, modified } = assuredDate(rng);
  const closed = rng.chance(0.03);
  const interpretation = interpretationText(rng, languageCodes);
  const codes = [...new Set(template.codes)];
  const categories = [...new Set(codes.map((c) => c.split('.')[0] ?? c))];
  const email = rng.chance(0.4)
    ? `${rng.pick(['intake', 'help', 'programs', 'hello', 'services'])}@${oc.domain}`
    : undefined;
  const wait = template.wait
    ? rng.pick(template.wait)
    : rng.chance(0.5)
      ? rng.pick(['No wait.', 'Usually same day.', 'Call for current wait times.'])
      : undefined;
  const apply = template.apply
    ? rng.pick(template.apply)
    : hoursKind === 'appointment'
      ? 'Call to schedule an appointment.'
      : rng.pick([
          'Walk in during open hours.',
          'Call or walk in.',
          'Call ahead or walk in; no referral needed.',
          'Register online or by phone.',
        ]);
  // Most services are reached through the organization's number; some have a line of their own.
  const phones: HsdsPhone[] = [];
  if (hoursKind === 'always') {
    phones.push({
      id: nextId(),
      number: phoneNumber(rng, place.metro),
      type: 'hotline',
      description: '24-hour line',
    });
  } else if (rng.chance(0.35)) {
    phones.push({
      id: nextId(),
      number: phoneNumber(rng, place.metro),
      type: 'voice',
      description: rng.pick(['Intake line', 'Program line', 'Appointments']),
    });
  }

  const service: HsdsFullService = {
    id,
    organization_id: org.id,
    name,
    description,
    url: `https://${oc.domain}/services/${slug(name)}`,
    ...(email ? { email } : {}),
    status: closed ? 'temporarily closed' : 'active',
    ...(closed
      ? {
          alert: rng.pick([
            'Temporarily closed for building repairs; expected to reopen in January 2027.',
            'Paused while the program is restaffed. Call for referrals to similar services.',
          ]),
        }
      : {}),
    ...(interpretation ? { interpretation_services: interpretation } : {}),
    application_process: apply,
    fees_description: costs.text,
    ...(wait ? { wait_time: wait } : {}),
    eligibility_description: eligibility.text,
    ...(eligibility.minimum_age !== undefined ? { minimum_age: eligibility.minimum_age } : {}),
    ...(eligibility.maximum_age !== undefined ? { maximum_age: eligibility.maximum_age } : {}),
    assured_date: assured,
    last_modified: modified,
    organization: org,
    service_at_locations: siteList.map((site) => ({
      id: nextId(),
      service_id: id,
      location_id: site.location.id,
      location: site.location,
    })),
    phones,
    schedules,
    languages: languageRecords(nextId, languageCodes),
    cost_options: costs.options,
    required_documents: documents.map((document) => ({ id: nextId(), document })),
    attributes: codes.map((code) => attributeFor(nextId, code)),
    categories,
    ...(eligibility.eligibility ? { eligibility: eligibility.eligibility } : {}),
  };
  return service;
}
