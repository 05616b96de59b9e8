import type { SearchDocument } from '../../search/engine.ts';
import type { DomainDeps } from '../deps.ts';
import { flattenEligibility } from '../eligibility/flatten.ts';
import { NotFoundError } from '../errors.ts';
import { type CompiledHours, compileHours } from '../hours/compile.ts';
import { type HoursView, hoursView } from '../hours/hours-view.ts';
import { type SiteOpenStatus, siteOpenStatus } from '../hours/open-status.ts';
import { localDate } from '../hours/zoned-time.ts';
import { type CapacityView, currentCapacity } from '../listings/capacity.ts';
import { type ContactPhone, contactPhones } from './contact-phones.ts';
import { costKinds } from './cost-kinds.ts';
import { deriveCategories } from './enrich.ts';
import { loadServiceGraphs } from './indexer.ts';
import type { Location, Organization, Phone } from './records.ts';
import {
  buildSearchDocuments,
  type HitPayload,
  type LocationSummary,
  offeredLanguages,
  summarizeLocation,
} from './search-documents.ts';

/** A service as the API shows it, whether it came from a search hit or from the database. */
export type ServiceView = {
  id: string;
  name: string;
  alternateName: string | null;
  description: string;
  status: string;
  url: string | null;
  email: string | null;
  /** Numbers to call: the service's, then its locations', then its organization's. */
  contactPhones: ContactPhone[];
  organization: { id: string; name: string; phones: Phone[] } | null;
  /** Its organization is an agency on the referral network. */
  acceptsReferrals: boolean;
  categories: string[];
  languages: string[];
  costs: string[];
  locations: LocationSummary[];
  freshness: { assuredDate: string | null; stale: boolean };
  /** Published capacity, or null when none is current. */
  capacity: CapacityView | null;
  /** Present when loaded from the database (detail views). */
  detail: ServiceDetail | null;
  /** Hours of the service's first site (the hit's site for a search hit), in its zone. */
  hours: CompiledHours & { timezone: string };
};

export type ServiceDetail = {
  applicationProcess: string | null;
  feesDescription: string | null;
  eligibilityDescription: string | null;
  requiredDocuments: string[];
  phones: Phone[];
  eligibilityRules: ReturnType<typeof flattenEligibility>;
};

/** Midnight UTC of assured dates seen lately: every page reads the same few thousand. Bounded. */
const assuredMidnights = new Map<string, number>();
const MAX_ASSURED_MIDNIGHTS = 8_192;

function isStale(assuredDate: string | null, now: Date, staleAfterDays: number): boolean {
  if (!assuredDate) return true;
  let ms = assuredMidnights.get(assuredDate);
  if (ms === undefined) {
    ms = Date.parse(`${assuredDate.slice(0, 10)}T00:00:00Z`);
    if (assuredMidnights.size >= MAX_ASSURED_MIDNIGHTS) assuredMidnights.clear();
    assuredMidnights.set(assuredDate, ms);
  }
  return Number.isNaN(ms) || now.getTime() - ms > staleAfterDays * 86_400_000;
}

/** The view of a search hit, from what the index stored (no database read). */
export function serviceViewFromHit(
  doc: SearchDocument,
  now: Date,
  settings: { staleAfterDays: number; capacityTtlHours: number },
): ServiceView {
  const payload = doc.payload as HitPayload;
  return {
    id: doc.serviceId,
    name: payload.service.name,
    alternateName: payload.service.alternate_name,
    description: payload.service.description,
    status: payload.service.status,
    url: payload.service.url,
    email: payload.service.email ?? null,
    contactPhones: payload.service.contactPhones ?? [],
    organization: payload.organization
      ? { ...payload.organization, phones: payload.organization.phones ?? [] }
      : null,
    acceptsReferrals: doc.acceptsReferrals,
    categories: doc.categories,
    languages: doc.languages,
    costs: doc.costs,
    // The hit's own site first: its address, distance and hours are what the hit is about.
    locations: [...payload.locations].sort(
      (a, b) => Number(b.id === doc.locationId) - Number(a.id === doc.locationId),
    ),
    freshness: {
      assuredDate: payload.service.assured_date,
      stale: isStale(payload.service.assured_date, now, settings.staleAfterDays),
    },
    capacity: currentCapacity(payload.service.capacity, now, settings.capacityTtlHours),
    detail: null,
    hours: {
      weeklyHours: doc.weeklyHours,
      datedHours: doc.datedHours,
      closedDates: doc.closedDates,
      hoursKnown: doc.hoursKnown,
      timezone: doc.timezone,
    },
  };
}

/** Loads one service with its organization and sites; throws NotFoundError. */
export async function getService(
  deps: Pick<DomainDeps, 'db' | 'clock' | 'settings'>,
  id: string,
): Promise<ServiceView> {
  const [graph] = await loadServiceGraphs(deps.db, [id]);
  if (!graph) throw new NotFoundError('service', id);
  const now = deps.clock.now();
  const { service, organization } = graph;
  const locations = service.service_at_locations
    .map((link) => graph.locations.get(link.location_id))
    .flatMap((l) => (l ? [summarizeLocation(l)] : []));
  const firstDoc = buildSearchDocuments(graph, now, deps.settings.capacityTtlHours)[0];
  const timezone = firstDoc?.timezone ?? 'UTC';
  const hours = compileHours({
    schedules: service.schedules,
    timezone,
    today: localDate(timezone, now),
  });
  return {
    id: service.id,
    name: service.name,
    alternateName: service.alternate_name ?? null,
    description: service.description,
    status: service.status,
    url: service.url ?? null,
    email: service.email ?? null,
    contactPhones: contactPhones(
      service,
      service.service_at_locations.map((link) => graph.locations.get(link.location_id)),
      organization,
    ),
    organization: organization
      ? { id: organization.id, name: organization.name, phones: organization.phones }
      : null,
    acceptsReferrals: graph.acceptsReferrals,
    categories: deriveCategories(service, graph.terms),
    // The same languages a result card shows: the service's and its sites'.
    languages: offeredLanguages(graph),
    costs: costKinds(service),
    locations,
    freshness: {
      assuredDate: service.assured_date ?? null,
      stale: isStale(service.assured_date ?? null, now, deps.settings.staleAfterDays),
    },
    capacity: currentCapacity(service.capacity, now, deps.settings.capacityTtlHours),
    detail: {
      applicationProcess: service.application_process ?? null,
      feesDescription: service.fees_description ?? null,
      eligibilityDescription:
        service.eligibility?.description ?? service.eligibility_description ?? null,
      requiredDocuments: service.required_documents.map((d) => d.document),
      phones: service.phones,
      eligibilityRules: flattenEligibility(service),
    },
    hours: firstDoc
      ? {
          weeklyHours: firstDoc.weeklyHours,
          datedHours: firstDoc.datedHours,
          closedDates: firstDoc.closedDates,
          hoursKnown: firstDoc.hoursKnown,
          timezone,
        }
      : { ...hours, timezone },
  };
}

/** The hours of the service's first site (a hit's: its site) for people, from what open status reads. */
export function serviceHours(service: ServiceView, now: Date): HoursView {
  return hoursView(service.hours, service.hours.timezone, now);
}

/** Whether the service's first site is open at `at`, in the site's zone; throws RangeError for an invalid date. */
export function serviceOpenStatus(service: ServiceView, at: Date): SiteOpenStatus {
  return siteOpenStatus(service.hours, service.hours.timezone, at);
}

/** Loads one organization; throws NotFoundError. */
export async function getOrganization(
  deps: Pick<DomainDeps, 'db'>,
  id: string,
): Promise<Organization> {
  const doc = await deps.db.models.Organization.collection.findOne({ _id: id as never });
  if (!doc) throw new NotFoundError('organization', id);
  const { _id, ...rest } = doc;
  return { id: String(_id), ...rest } as Organization;
}

/** Loads one location; throws NotFoundError. */
export async function getLocation(deps: Pick<DomainDeps, 'db'>, id: string): Promise<Location> {
  const doc = await deps.db.models.Location.collection.findOne({ _id: id as never });
  if (!doc) throw new NotFoundError('location', id);
  const { _id, ...rest } = doc;
  return { id: String(_id), ...rest } as Location;
}

/** One page of service ids in id order, optionally of one organization, and how many there are. */
export async function listServiceIds(
  deps: Pick<DomainDeps, 'db'>,
  args: { organizationId: string | null; offset: number; limit: number },
): Promise<{ ids: string[]; total: number }> {
  const collection = deps.db.models.Service.collection;
  const filter = args.organizationId ? { organization_id: args.organizationId } : {};
  const [docs, total] = await Promise.all([
    collection
      .find(filter, { projection: { _id: 1 } })
      .sort({ _id: 1 })
      .skip(args.offset)
      .limit(args.limit)
      .toArray(),
    collection.countDocuments(filter),
  ]);
  return { ids: docs.map((d) => String(d._id)), total };
}
