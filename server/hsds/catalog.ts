import type { Document } from 'mongodb';
import type { Database } from '../db/database.ts';
import { fromDoc } from '../db/documents.ts';
import type {
  Location,
  Organization,
  Taxonomy,
  TaxonomyTerm,
} from '../domain/directory/records.ts';
import type { StoredService } from '../domain/directory/stored.ts';
import type { Logger } from '../logger.ts';
import {
  hsdsLocationBasic,
  hsdsOrganizationBasic,
  hsdsServiceListItem,
  type Json,
} from './serialize.ts';

/**
 * The HSDS API's read model: what list endpoints filter, order and count, kept in memory.
 *
 * FerretDB v1 over SQLite answers only `_id` look-ups without a scan, so a list filtered by
 * organization, taxonomy term or date cannot ask the database. The catalog is built with full
 * scans, keeps per record only what filters need (ids, keys, coordinates, basic organizations),
 * and follows changes through the outbox: every write announces its services there before it is
 * made, and the catalog re-reads those services by `_id`. Pages then read their records by `_id`.
 */

export type ServiceEntry = {
  id: string;
  name: string;
  sortKey: string;
  organizationId: string;
  lastModified: number | null;
  termIds: string[];
  salIds: string[];
  locationIds: string[];
  /** ZIP codes the service is offered at or restricted to (addresses and residency rules). */
  postcodes: string[];
  /** The service's list item (one-to-one fields and its organization's), as JSON text. */
  item: string;
  /** The `minimal` item, as JSON text. */
  minimal: string;
  /** Each service-at-location's own one-to-one fields, by id, as JSON text without braces. */
  salFields: string[];
};

/** A service-at-location: `index` is its place in its service's `salIds`. */
export type SalEntry = { id: string; serviceId: string; locationId: string; index: number };

export type LocationEntry = {
  latitude: number | null;
  longitude: number | null;
  postcodes: string[];
  /** The location's one-to-one fields, as JSON text. */
  basic: string;
};

export type OrganizationEntry = { id: string; sortKey: string; basic: Json };

const byKey = (a: { sortKey: string; id: string }, b: { sortKey: string; id: string }) =>
  a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** How often to look at the outbox, and how old the catalog may grow before a full rebuild. */
export type CatalogOptions = { pollMs?: number; maxAgeMs?: number };

export class HsdsCatalog {
  services: ServiceEntry[] = [];
  serviceById = new Map<string, ServiceEntry>();
  sals: SalEntry[] = [];
  salById = new Map<string, SalEntry>();
  organizations: OrganizationEntry[] = [];
  organizationById = new Map<string, OrganizationEntry>();
  servicesByOrganization = new Map<string, string[]>();
  locations = new Map<string, LocationEntry>();
  taxonomies: Taxonomy[] = [];
  taxonomyById = new Map<string, Taxonomy>();
  terms: TaxonomyTerm[] = [];
  termById = new Map<string, TaxonomyTerm>();

  private builtAt = 0;
  private building: Promise<void> | null = null;
  private polledAt = 0;
  private polling: Promise<void> | null = null;
  private readonly seenEntries = new Set<string>();
  private readonly pollMs: number;
  private readonly maxAgeMs: number;

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
    options: CatalogOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 1000;
    this.maxAgeMs = options.maxAgeMs ?? 10 * 60_000;
  }

  /**
   * The catalog, built on first use. Later calls start an outbox poll (at most once per
   * `pollMs`) and, past `maxAgeMs`, a full rebuild, both in the background.
   */
  async ready(): Promise<this> {
    if (this.builtAt === 0) {
      await this.rebuild();
      return this;
    }
    const now = Date.now();
    if (now - this.builtAt > this.maxAgeMs) void this.rebuild().catch(this.failed);
    else if (now - this.polledAt > this.pollMs) void this.poll().catch(this.failed);
    return this;
  }

  private readonly failed = (error: unknown) => {
    this.logger.warn({ err: error }, 'the HSDS catalog could not refresh');
  };

  /** Rebuilds everything from full scans (one at a time). */
  rebuild(): Promise<void> {
    this.building ??= this.build().finally(() => {
      this.building = null;
    });
    return this.building;
  }

  private async build(): Promise<void> {
    const started = Date.now();
    const { models } = this.db;
    // Outbox entries present now are covered by this scan.
    const pending = await models.Outbox.collection.find({}, { projection: { _id: 1 } }).toArray();
    const taxonomies: Taxonomy[] = [];
    for await (const doc of models.Taxonomy.collection.find({})) taxonomies.push(fromDoc(doc));
    const terms: TaxonomyTerm[] = [];
    for await (const doc of models.TaxonomyTerm.collection.find({})) terms.push(fromDoc(doc));
    const organizations: OrganizationEntry[] = [];
    for await (const doc of models.Organization.collection.find({}))
      organizations.push(organizationEntry(fromDoc<Organization>(doc)));
    const organizationById = new Map(organizations.map((o) => [o.id, o]));
    const locations = new Map<string, LocationEntry>();
    for await (const doc of models.Location.collection.find({})) {
      const location = fromDoc<Location>(doc);
      locations.set(location.id, locationEntry(location));
    }
    const services: ServiceEntry[] = [];
    for await (const doc of models.Service.collection.find({}))
      services.push(serviceEntry(fromDoc<StoredService>(doc), locations, organizationById));

    taxonomies.sort((a, b) => byKey(key(a.name, a.id), key(b.name, b.id)));
    terms.sort((a, b) => byKey(key(a.name, a.id), key(b.name, b.id)));
    this.taxonomies = taxonomies;
    this.taxonomyById = new Map(taxonomies.map((t) => [t.id, t]));
    this.terms = terms;
    this.termById = new Map(terms.map((t) => [t.id, t]));
    this.organizationById = organizationById;
    this.locations = locations;
    this.serviceById = new Map(services.map((s) => [s.id, s]));
    this.reorder();
    this.builtAt = Date.now();
    for (const entry of pending) this.seenEntries.add(String(entry._id));
    this.logger.info({ services: services.length, ms: Date.now() - started }, 'HSDS catalog built');
  }

  /** Re-derives the ordered lists and indexes from the maps. */
  private reorder(): void {
    this.services = [...this.serviceById.values()].sort(byKey);
    this.organizations = [...this.organizationById.values()].sort(byKey);
    const sals: SalEntry[] = [];
    const salById = new Map<string, SalEntry>();
    const byOrganization = new Map<string, string[]>();
    for (const service of this.services) {
      service.salIds.forEach((id, i) => {
        const entry = {
          id,
          serviceId: service.id,
          locationId: service.locationIds[i] ?? '',
          index: i,
        };
        sals.push(entry);
        salById.set(id, entry);
      });
      const list = byOrganization.get(service.organizationId) ?? [];
      list.push(service.id);
      byOrganization.set(service.organizationId, list);
    }
    this.sals = sals;
    this.salById = salById;
    this.servicesByOrganization = byOrganization;
  }

  /**
   * Applies outbox entries not seen yet: their services (with organization and locations) are
   * re-read by `_id`. FerretDB has no change streams, hence the poll.
   */
  poll(): Promise<void> {
    this.polling ??= this.pollOnce().finally(() => {
      this.polling = null;
    });
    return this.polling;
  }

  private async pollOnce(): Promise<void> {
    this.polledAt = Date.now();
    const { models } = this.db;
    const entries = await models.Outbox.collection.find({}).toArray();
    const present = new Set<string>();
    const serviceIds = new Set<string>();
    let rebuild = false;
    for (const entry of entries) {
      const id = String(entry._id);
      present.add(id);
      // A held entry (availableAt in the future) is a write still in progress: read it again later.
      const held = entry.availableAt instanceof Date && entry.availableAt.getTime() > Date.now();
      if (this.seenEntries.has(id) && !held) continue;
      if (!held) this.seenEntries.add(id);
      if (entry.topic === 'index.rebuild') rebuild = true;
      for (const key of Array.isArray(entry.keys) ? entry.keys : []) serviceIds.add(String(key));
    }
    for (const id of this.seenEntries) if (!present.has(id)) this.seenEntries.delete(id);
    if (rebuild) return this.rebuild();
    if (serviceIds.size > 0) await this.refreshServices([...serviceIds]);
  }

  /** Re-reads these services, their organizations and locations by `_id`. */
  async refreshServices(ids: readonly string[]): Promise<void> {
    const { models } = this.db;
    for (const id of ids) {
      const doc = await models.Service.collection.findOne({ _id: id as never });
      if (!doc) {
        this.serviceById.delete(id);
        continue;
      }
      const service = fromDoc<StoredService>(doc);
      const org = await models.Organization.collection.findOne({
        _id: service.organization_id as never,
      });
      if (org) {
        const entry = organizationEntry(fromDoc<Organization>(org));
        this.organizationById.set(entry.id, entry);
      }
      for (const link of service.service_at_locations ?? []) {
        const loc = await models.Location.collection.findOne({ _id: link.location_id as never });
        if (loc) this.locations.set(link.location_id, locationEntry(fromDoc<Location>(loc)));
      }
      this.serviceById.set(id, serviceEntry(service, this.locations, this.organizationById));
    }
    this.reorder();
  }
}

function key(name: string, id: string): { sortKey: string; id: string } {
  return { sortKey: name.toLocaleLowerCase('en'), id };
}

function organizationEntry(o: Organization): OrganizationEntry {
  return {
    id: o.id,
    sortKey: (o.name ?? '').toLocaleLowerCase('en'),
    basic: hsdsOrganizationBasic(o),
  };
}

function locationEntry(l: Location): LocationEntry {
  return {
    latitude: l.latitude ?? null,
    longitude: l.longitude ?? null,
    postcodes: [
      ...new Set(
        (l.addresses ?? []).flatMap((a) => (a.postal_code ? [a.postal_code.slice(0, 5)] : [])),
      ),
    ],
    basic: JSON.stringify(hsdsLocationBasic(l)),
  };
}

function serviceEntry(
  s: StoredService,
  locations: ReadonlyMap<string, LocationEntry>,
  organizations: ReadonlyMap<string, OrganizationEntry>,
): ServiceEntry {
  const item = hsdsServiceListItem(s, organizations.get(s.organization_id)?.basic ?? null);
  const minimal: Json = { id: item.id, name: item.name, status: item.status };
  if (item.last_modified) minimal.last_modified = item.last_modified;
  const links = s.service_at_locations ?? [];
  const modified = s.last_modified ? Date.parse(s.last_modified) : Number.NaN;
  const postcodes = new Set<string>(s.eligibility?.residency?.postal_codes ?? []);
  for (const link of links)
    for (const code of locations.get(link.location_id)?.postcodes ?? []) postcodes.add(code);
  return {
    id: s.id,
    name: s.name,
    sortKey: (s.name ?? '').toLocaleLowerCase('en'),
    organizationId: s.organization_id,
    lastModified: Number.isNaN(modified) ? null : modified,
    termIds: [...new Set((s.attributes ?? []).map((a) => a.taxonomy_term_id))],
    salIds: links.map((l) => l.id),
    locationIds: links.map((l) => l.location_id),
    postcodes: [...postcodes],
    item: JSON.stringify(item),
    minimal: JSON.stringify(minimal),
    salFields: links.map((l) => {
      const own: Json = { id: l.id, service_id: l.service_id, location_id: l.location_id };
      if (l.description) own.description = l.description;
      return JSON.stringify(own).slice(1, -1);
    }),
  };
}

/** Reads one record by `_id` (the fast path on FerretDB). */
export async function readById<T>(
  collection: { findOne(filter: Document): Promise<Document | null> },
  id: string,
): Promise<T | null> {
  const doc = await collection.findOne({ _id: id });
  return doc ? fromDoc<T>(doc) : null;
}
