import type { Database } from '../db/database.ts';
import type { Location, Organization, TaxonomyTerm } from '../domain/directory/records.ts';
import type { StoredService } from '../domain/directory/stored.ts';
import type { SearchIndex } from '../search/engine.ts';
import { type HsdsCatalog, readById, type SalEntry, type ServiceEntry } from './catalog.ts';
import type { ListParams } from './params.ts';
import type { ServiceContext } from './serialize.ts';

/**
 * Which records a list request selects, in order: the catalog's (name, id) order, or relevance
 * when `search` is given. Parameters combine with AND.
 */

const EARTH_KM = 6371;

function distanceKm(aLat: number, aLon: number, bLat: number, bLon: number): number {
  const rad = Math.PI / 180;
  const dLat = (bLat - aLat) * rad;
  const dLon = (bLon - aLon) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(aLat * rad) * Math.cos(bLat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Service ids matching `text`, best first (services that are listed in search: not inactive or defunct). */
async function searchServiceIds(
  search: SearchIndex,
  text: string,
  limit: number,
): Promise<string[]> {
  const result = await search.search({
    text,
    sort: 'RELEVANCE',
    distinctService: true,
    offset: 0,
    limit: Math.max(1, limit),
  });
  return result.hits.map((h) => h.document.serviceId);
}

function withinNear(
  catalog: HsdsCatalog,
  locationId: string,
  near: NonNullable<ListParams['near']>,
) {
  const l = catalog.locations.get(locationId);
  return (
    l?.latitude != null &&
    l.longitude != null &&
    distanceKm(near.latitude, near.longitude, l.latitude, l.longitude) <= near.radiusKm
  );
}

/** A predicate over services for every parameter but `search`; null when nothing filters. */
function servicePredicate(
  catalog: HsdsCatalog,
  p: ListParams,
): ((s: ServiceEntry) => boolean) | null {
  const checks: Array<(s: ServiceEntry) => boolean> = [];
  if (p.organizationId) {
    const id = p.organizationId;
    checks.push((s) => s.organizationId === id);
  }
  if (p.taxonomyTermId) {
    const id = p.taxonomyTermId;
    checks.push((s) => s.termIds.includes(id));
  }
  if (p.taxonomyId) {
    const id = p.taxonomyId;
    checks.push((s) => s.termIds.some((t) => catalog.termById.get(t)?.taxonomy_id === id));
  }
  if (p.modifiedAfter !== null) {
    const after = p.modifiedAfter;
    checks.push((s) => s.lastModified !== null && s.lastModified >= after);
  }
  if (p.postcode) {
    const code = p.postcode;
    checks.push((s) => s.postcodes.includes(code));
  }
  if (p.near) {
    const near = p.near;
    checks.push((s) => s.locationIds.some((id) => withinNear(catalog, id, near)));
  }
  if (checks.length === 0) return null;
  return (s) => checks.every((check) => check(s));
}

/** The services a list request selects, in order. */
export async function selectServices(
  catalog: HsdsCatalog,
  search: SearchIndex,
  p: ListParams,
): Promise<ServiceEntry[]> {
  const predicate = servicePredicate(catalog, p);
  let candidates = catalog.services;
  if (p.search) {
    const ids = await searchServiceIds(search, p.search, catalog.services.length);
    candidates = ids.flatMap((id) => {
      const entry = catalog.serviceById.get(id);
      return entry ? [entry] : [];
    });
  }
  return predicate ? candidates.filter(predicate) : candidates;
}

/** The service-at-locations a list request selects: those of the selected services. */
export async function selectServiceAtLocations(
  catalog: HsdsCatalog,
  search: SearchIndex,
  p: ListParams,
): Promise<SalEntry[]> {
  const { near, ...rest } = p;
  if (!p.search && !servicePredicate(catalog, p)) return catalog.sals;
  const services = await selectServices(catalog, search, { ...rest, near: null });
  const out: SalEntry[] = [];
  for (const s of services) {
    s.salIds.forEach((id, i) => {
      const locationId = s.locationIds[i] ?? '';
      if (near && !withinNear(catalog, locationId, near)) return;
      out.push({ id, serviceId: s.id, locationId, index: i });
    });
  }
  return out;
}

/** The organizations a list request selects (`search` matches name and alternate name). */
export function selectOrganizations(catalog: HsdsCatalog, p: ListParams) {
  if (!p.search) return catalog.organizations;
  const words = p.search.toLocaleLowerCase('en').split(/\s+/).filter(Boolean);
  return catalog.organizations.filter((o) => {
    const text = `${o.basic.name ?? ''} ${o.basic.alternate_name ?? ''}`.toLocaleLowerCase('en');
    return words.every((w) => text.includes(w));
  });
}

function matchesText(words: string[], ...fields: Array<string | null | undefined>): boolean {
  const text = fields.join(' ').toLocaleLowerCase('en');
  return words.every((w) => text.includes(w));
}

/** The taxonomy terms a list request selects (`search`, `taxonomy_id`, `parent_id`, `top_only`). */
export function selectTerms(catalog: HsdsCatalog, p: ListParams): TaxonomyTerm[] {
  const words = (p.search ?? '').toLocaleLowerCase('en').split(/\s+/).filter(Boolean);
  return catalog.terms.filter(
    (t) =>
      (!p.taxonomyId || t.taxonomy_id === p.taxonomyId) &&
      (!p.parentId || t.parent_id === p.parentId) &&
      (!p.topOnly || !t.parent_id) &&
      (words.length === 0 || matchesText(words, t.name, t.code, t.description)),
  );
}

/** The taxonomies a list request selects (`search` over name and description). */
export function selectTaxonomies(catalog: HsdsCatalog, p: ListParams) {
  const words = (p.search ?? '').toLocaleLowerCase('en').split(/\s+/).filter(Boolean);
  return catalog.taxonomies.filter(
    (t) => words.length === 0 || matchesText(words, t.name, t.description),
  );
}

/** Reads services by `_id`, keeping order; missing ones are left out. */
export async function readServices(db: Database, ids: readonly string[]): Promise<StoredService[]> {
  // One at a time: FerretDB over SQLite answers concurrent reads no faster, and slower.
  const found: StoredService[] = [];
  for (const id of ids) {
    const service = await readById<StoredService>(db.models.Service.collection, id);
    if (service) found.push(service);
  }
  return found;
}

/** Reads locations by `_id`. */
export async function readLocations(
  db: Database,
  ids: Iterable<string>,
): Promise<Map<string, Location>> {
  const found = new Map<string, Location>();
  for (const id of new Set(ids)) {
    const location = await readById<Location>(db.models.Location.collection, id);
    if (location) found.set(id, location);
  }
  return found;
}

/** Everything full services need (organizations, locations, terms). */
export async function serviceContexts(
  db: Database,
  catalog: HsdsCatalog,
  services: readonly StoredService[],
): Promise<(s: StoredService) => ServiceContext> {
  const orgIds = [...new Set(services.map((s) => s.organization_id))];
  const orgById = new Map<string, Organization>();
  for (const id of orgIds) {
    const org = await readById<Organization>(db.models.Organization.collection, id);
    if (org) orgById.set(id, org);
  }
  const locations = await readLocations(
    db,
    services.flatMap((s) => (s.service_at_locations ?? []).map((l) => l.location_id)),
  );
  return (s) => ({
    organization: orgById.get(s.organization_id) ?? null,
    locations,
    terms: catalog.termById,
    taxonomies: catalog.taxonomyById,
  });
}
