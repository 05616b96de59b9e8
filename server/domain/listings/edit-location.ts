import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { fromDoc } from '../../db/documents.ts';
import type { Actor } from '../accounts/actor.ts';
import { canEditListing } from '../accounts/policy.ts';
import { getUser } from '../accounts/users.ts';
import { recordAudit } from '../audit/audit.ts';
import type { DomainDeps } from '../deps.ts';
import { enrichLocation } from '../directory/enrich.ts';
import { languageName } from '../directory/languages.ts';
import { type Location, locationSchema } from '../directory/records.ts';
import {
  ConflictError,
  type FieldIssue,
  InvalidInputError,
  NotAllowedError,
  NotFoundError,
  NotSignedInError,
} from '../errors.ts';
import { lookupPostalCode } from '../geo/postal-codes.ts';
import { parseInput, toFieldIssues } from '../validate.ts';
import { claimedOrganizationsOf } from './claims.ts';
import { type ChangedBy, changeServiceLinks } from './edit-service.ts';
import { diffResource, recordListingChanges } from './listing-changes.ts';
import { claimedOwnerOf, loadService, ownersOf } from './load.ts';
import { type Page, pageOf } from './page.ts';
import { splitVersion, writeVersioned } from './versioned-write.ts';

/**
 * An agency's sites (HSDS locations): created and edited by the agency that keeps the location's
 * organization, placed on the map offline (the caller's coordinates, else the ZIP code's centroid,
 * flagged approximate), and linked to its services through the service-at-locations nested in
 * each service. A location is one document; a link is part of one service document.
 */

type Deps = Pick<DomainDeps, 'db' | 'clock'>;

/** Fields whose changes go to the location's change log. */
const LOGGED_FIELDS = [
  'name',
  'description',
  'addresses',
  'latitude',
  'longitude',
  'coordinates_approximate',
  'timezone_name',
  'phones',
  'accessibility',
  'languages',
  'retired_at',
] as const;

const str = z.string().max(2000).nullish();

const locationFields = {
  name: z.string().max(300).nullish(),
  description: z.string().max(5000).nullish(),
  address1: z.string().trim().max(300).nullish(),
  address2: z.string().trim().max(300).nullish(),
  city: z.string().trim().max(120).nullish(),
  region: z.string().trim().max(120).nullish(),
  stateProvince: z.string().trim().max(60).nullish(),
  postalCode: z.string().trim().max(20).nullish(),
  latitude: z
    .number()
    .min(-90, { error: 'must be between -90 and 90' })
    .max(90, { error: 'must be between -90 and 90' })
    .nullish(),
  longitude: z
    .number()
    .min(-180, { error: 'must be between -180 and 180' })
    .max(180, { error: 'must be between -180 and 180' })
    .nullish(),
  phones: z
    .array(
      z.object({
        number: z.string().max(50),
        extension: z.number().nullish(),
        type: str,
        description: str,
      }),
    )
    .max(50)
    .nullish(),
  accessibility: z
    .array(z.object({ description: str, details: str, url: str }))
    .max(50)
    .nullish(),
  languages: z.array(z.string()).max(50).nullish(),
};

const required = (what: string) =>
  z
    .string({ error: `Give the ${what}.` })
    .trim()
    .min(1, { error: `Give the ${what}.` });

const createSchema = z.object({
  ...locationFields,
  organizationId: z.string().min(1).max(200).nullish(),
  address1: required('street address').max(300),
  city: required('city').max(120),
  stateProvince: required('state').max(60),
  postalCode: required('ZIP code').max(20),
});

const updateSchema = z.object({
  ...locationFields,
  locationId: z.string().min(1).max(200),
});

const linkSchema = z.object({
  serviceId: z.string().min(1).max(200),
  locationId: z.string().min(1).max(200),
});

const listSchema = z.object({
  first: z
    .number()
    .int()
    .min(1, { error: 'Ask for between 1 and 100 locations.' })
    .max(100, { error: 'Ask for between 1 and 100 locations.' })
    .nullish(),
  after: z.string().max(200).nullish(),
});

type LocationInput = z.output<typeof updateSchema>;

/** Locations whose organization the actor's agency keeps (its own or claimed). */
async function assertMayEdit(deps: Deps, actor: Actor, organizationId: string | null | undefined) {
  const owners = organizationId
    ? { organization_id: organizationId, claimedBy: await claimedOwnerOf(deps, organizationId) }
    : null;
  if (!owners || !canEditListing(actor, owners)) {
    throw new NotAllowedError(
      'Only staff of the agency that keeps this organization can change its locations.',
    );
  }
}

async function whoIs(deps: Deps, actor: Actor): Promise<ChangedBy> {
  const user = await getUser(deps, actor.userId);
  if (!user) throw new NotSignedInError();
  return { email: user.email, userId: actor.userId };
}

/** Reads one location and how many versioned edits it has had; throws NotFoundError. */
async function loadVersioned(
  deps: Pick<DomainDeps, 'db'>,
  id: string,
): Promise<{ location: Location; version: number }> {
  const doc = await deps.db.models.Location.collection.findOne({ _id: id as never });
  if (!doc) throw new NotFoundError('location', id);
  const { doc: record, version } = splitVersion(doc);
  return { location: fromDoc<Location>(record), version };
}

async function loadLocation(deps: Pick<DomainDeps, 'db'>, id: string): Promise<Location> {
  return (await loadVersioned(deps, id)).location;
}

/**
 * Applies `change` to the location as stored now (null: leave it) and writes the result as its
 * next version, re-read and applied again when another edit got there first (versioned-write.ts);
 * the services offered there are re-indexed through the outbox and each changed field is logged.
 * Returns the location as saved. Throws NotFoundError, ConflictError and what `change` throws.
 */
async function saveLocation(
  deps: Deps,
  who: ChangedBy,
  locationId: string,
  change: (current: Location) => Location | null,
): Promise<Location> {
  const target = {
    kind: 'location' as const,
    id: locationId,
    collection: deps.db.models.Location.collection,
  };
  const saved = await writeVersioned(deps, target, async () => {
    const { location: current, version } = await loadVersioned(deps, locationId);
    const next = change(current);
    if (next === null) return { result: { before: current, location: current }, write: null };
    const { id, ...rest } = next;
    return {
      result: { before: current, location: next },
      write: { version, doc: rest, reindex: await servicesAt(deps, id) },
    };
  });
  if (saved.location !== saved.before) {
    await logLocation(deps, who, saved.before, saved.location, 'update');
  }
  return saved.location;
}

/** Unknown language codes, by input field. */
function languageIssues(codes: readonly string[] | null | undefined): FieldIssue[] {
  return (codes ?? []).flatMap((code, i) =>
    languageName(code)
      ? []
      : [
          {
            path: `languages.${i}`,
            message: `Unknown language code "${code}". Use ISO 639 codes such as en, es or ht.`,
          },
        ],
  );
}

/**
 * Where the location goes on the map: the caller's coordinates (both or neither), else, when the
 * ZIP code changed or the place was only ever estimated, the ZIP code's centroid (approximate).
 */
function placeIssues(input: LocationInput, postalCode: string | null): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const hasLat = input.latitude != null;
  const hasLng = input.longitude != null;
  if (hasLat !== hasLng) {
    issues.push({
      path: hasLat ? 'longitude' : 'latitude',
      message: 'Give both latitude and longitude, or neither to place the site by its ZIP code.',
    });
  }
  if (postalCode != null && input.postalCode != null && !lookupPostalCode(postalCode)) {
    issues.push({
      path: 'postalCode',
      message: `Unknown ZIP code "${postalCode}". Check it, or give latitude and longitude.`,
    });
  }
  return issues;
}

/** The location with the input's fields over `current`, placed and validated. */
function buildLocation(current: Location, input: LocationInput): Location {
  const address = current.addresses.find((a) => a.address_type === 'physical');
  const postalCode = input.postalCode ?? address?.postal_code ?? null;
  const issues = [...languageIssues(input.languages), ...placeIssues(input, postalCode)];
  if (issues.length > 0) throw new InvalidInputError(issues);

  const next: Record<string, unknown> = { ...current };
  if (input.name != null) next.name = input.name;
  if (input.description != null) next.description = input.description;
  const addressChanged = [
    input.address1,
    input.address2,
    input.city,
    input.region,
    input.stateProvince,
    input.postalCode,
  ].some((v) => v != null);
  if (addressChanged) {
    const updated = {
      id: address?.id ?? randomUUID(),
      attention: address?.attention ?? null,
      address_1: input.address1 ?? address?.address_1 ?? '',
      address_2: input.address2 ?? address?.address_2 ?? null,
      city: input.city ?? address?.city ?? '',
      region: input.region ?? address?.region ?? null,
      state_province: input.stateProvince ?? address?.state_province ?? '',
      postal_code: input.postalCode ?? address?.postal_code ?? '',
      country: address?.country ?? 'US',
      address_type: 'physical' as const,
    };
    next.addresses = address
      ? current.addresses.map((a) => (a.id === address.id ? updated : a))
      : [updated, ...current.addresses];
  }
  if (input.phones != null) {
    next.phones = input.phones.map((p, i) => ({
      id: current.phones[i]?.id ?? randomUUID(),
      number: p.number,
      extension: p.extension ?? null,
      type: p.type ?? null,
      description: p.description ?? null,
    }));
  }
  if (input.accessibility != null) {
    next.accessibility = input.accessibility.map((a, i) => ({
      id: current.accessibility[i]?.id ?? randomUUID(),
      description: a.description ?? null,
      details: a.details ?? null,
      url: a.url ?? null,
    }));
  }
  if (input.languages != null) {
    next.languages = [...new Set(input.languages)].map((code) => {
      const existing = current.languages.find((l) => l.code === code);
      return existing ?? { id: randomUUID(), code, name: languageName(code) ?? null };
    });
  }

  const withoutEstimate = current.review_flags.filter((f) => f.code !== 'APPROXIMATE_COORDINATES');
  let placed: Record<string, unknown> = next;
  if (input.latitude != null && input.longitude != null) {
    placed = {
      ...next,
      latitude: input.latitude,
      longitude: input.longitude,
      coordinates_approximate: false,
      timezone_name: null,
      review_flags: withoutEstimate,
    };
  } else if (
    input.postalCode != null ||
    current.coordinates_approximate ||
    current.latitude == null ||
    current.longitude == null
  ) {
    // Cleared so enrichment places it at the ZIP code's centroid and flags it approximate.
    placed = {
      ...next,
      latitude: null,
      longitude: null,
      coordinates_approximate: false,
      timezone_name: null,
      review_flags: withoutEstimate,
    };
  }

  const parsed = locationSchema.safeParse(placed);
  if (!parsed.success) {
    throw new InvalidInputError(
      toFieldIssues(parsed.error).map((i) => ({ path: inputPath(i.path), message: i.message })),
    );
  }
  const { location, issues: placeProblems } = enrichLocation(parsed.data);
  if (placeProblems.length > 0) {
    throw new InvalidInputError(
      placeProblems.map((p) => ({
        path: p.field === 'timezone_name' ? 'latitude' : 'postalCode',
        message: p.message,
      })),
    );
  }
  return location;
}

/** HSDS location field names back to the API's input names (`addresses.0.postal_code`). */
function inputPath(path: string): string {
  const address: Record<string, string> = {
    address_1: 'address1',
    address_2: 'address2',
    state_province: 'stateProvince',
    postal_code: 'postalCode',
  };
  const parts = path.split('.');
  if (parts[0] === 'addresses' && parts[2]) return address[parts[2]] ?? parts[2];
  return path;
}

async function logLocation(
  deps: Deps,
  who: ChangedBy,
  before: Record<string, unknown>,
  after: Location,
  action: 'create' | 'update',
) {
  await recordListingChanges(
    deps,
    diffResource(before, after, LOGGED_FIELDS, who, deps.clock.now(), {
      type: 'location',
      id: after.id,
      serviceId: null,
      action,
    }),
  );
}

/** The ids of the services offered at a location (a scan of the services' nested links). */
async function servicesAt(deps: Pick<DomainDeps, 'db'>, locationId: string): Promise<string[]> {
  const docs = await deps.db.models.Service.collection
    .find({ 'service_at_locations.location_id': locationId }, { projection: { _id: 1 } })
    .toArray();
  return docs.map((d) => String(d._id));
}

/**
 * Adds a site under the actor's organization, or one its agency claimed (agency staff and org
 * admins). Placed at the given coordinates, else at the ZIP code's centroid and flagged
 * approximate; the time zone comes from the point. Logged and audited. Throws NotAllowedError,
 * InvalidInputError (by input field: an unknown ZIP code is `postalCode`).
 */
export async function createLocation(deps: Deps, actor: Actor, rawInput: unknown) {
  const input = parseInput(createSchema, rawInput);
  const organizationId = input.organizationId ?? actor.organizationId;
  await assertMayEdit(deps, actor, organizationId);
  const who = await whoIs(deps, actor);
  const empty = locationSchema.parse({ id: randomUUID(), organization_id: organizationId });
  const location = buildLocation(empty, { ...input, locationId: empty.id });
  const { id, ...rest } = location;
  // A new location is linked to nothing, so nothing in search changes yet.
  await deps.db.models.Location.collection.insertOne({ _id: id as never, ...rest });
  await logLocation(deps, who, {}, location, 'create');
  await recordAudit(deps, actor, {
    action: 'listing.location.create',
    subjectType: 'location',
    subjectId: id,
    detail: { organizationId },
  });
  return location;
}

/**
 * Edits a site (the agency that keeps its organization): the given fields replace the stored
 * ones; a new ZIP code without coordinates re-places it at the centroid. The services offered
 * there are re-indexed through the outbox. Throws NotFoundError, NotAllowedError,
 * InvalidInputError, ConflictError (retired).
 */
export async function updateLocation(deps: Deps, actor: Actor, rawInput: unknown) {
  const input = parseInput(updateSchema, rawInput);
  const first = await loadLocation(deps, input.locationId);
  await assertMayEdit(deps, actor, first.organization_id);
  const who = await whoIs(deps, actor);
  const location = await saveLocation(deps, who, first.id, (current) => {
    if (current.retired_at) throw new ConflictError('This location was retired; add a new one.');
    return buildLocation(current, input);
  });
  await recordAudit(deps, actor, {
    action: 'listing.location.update',
    subjectType: 'location',
    subjectId: location.id,
    detail: { organizationId: location.organization_id ?? null },
  });
  return location;
}

/**
 * Retires a site (the agency that keeps its organization): marked retired first, so nothing links
 * to it again, then unlinked from every service, one service write at a time (each re-indexed
 * through the outbox). Retiring again finishes an interrupted retirement. Throws NotFoundError,
 * NotAllowedError.
 */
export async function retireLocation(deps: Deps, actor: Actor, locationId: string) {
  const current = await loadLocation(deps, locationId);
  await assertMayEdit(deps, actor, current.organization_id);
  const who = await whoIs(deps, actor);
  const retiredAt = deps.clock.now().toISOString();
  const location = await saveLocation(deps, who, locationId, (now) =>
    now.retired_at ? null : { ...now, retired_at: retiredAt },
  );
  const unlinked: string[] = [];
  for (const serviceId of await servicesAt(deps, locationId)) {
    await changeServiceLinks(deps, who, serviceId, (links) =>
      links.some((l) => l.location_id === locationId)
        ? links.filter((l) => l.location_id !== locationId)
        : null,
    );
    unlinked.push(serviceId);
  }
  await recordAudit(deps, actor, {
    action: 'listing.location.retire',
    subjectType: 'location',
    subjectId: locationId,
    detail: { organizationId: current.organization_id ?? null, unlinkedServices: unlinked },
  });
  return location;
}

async function loadLinkable(deps: Deps, actor: Actor, rawInput: unknown) {
  const input = parseInput(linkSchema, rawInput);
  const loaded = await loadService(deps, input.serviceId);
  if (!canEditListing(actor, ownersOf(loaded))) {
    throw new NotAllowedError('Only staff of the agency that lists this service can change it.');
  }
  const location = await loadLocation(deps, input.locationId);
  await assertMayEdit(deps, actor, location.organization_id);
  return { loaded, location, who: await whoIs(deps, actor) };
}

/**
 * Offers a service at one of the agency's sites (a service-at-location nested in the service; one
 * write, re-indexed through the outbox, logged). Linking again changes nothing. Throws
 * NotFoundError, NotAllowedError, ConflictError (retired location).
 */
export async function linkServiceLocation(deps: Deps, actor: Actor, rawInput: unknown) {
  const { loaded, location, who } = await loadLinkable(deps, actor, rawInput);
  if (location.retired_at) throw new ConflictError('This location was retired; add a new one.');
  if (loaded.links.some((l) => l.location_id === location.id)) return loaded.service;
  const link = {
    id: randomUUID(),
    service_id: loaded.service.id,
    location_id: location.id,
    phones: [],
    schedules: [],
    contacts: [],
  };
  const saved = await changeServiceLinks(deps, who, loaded.service.id, (links) =>
    links.some((l) => l.location_id === location.id) ? null : [...links, link],
  );
  await recordAudit(deps, actor, {
    action: 'listing.service.link',
    subjectType: 'service',
    subjectId: saved.id,
    detail: { locationId: location.id },
  });
  return saved;
}

/**
 * Stops offering a service at a site (one write of the service, re-indexed through the outbox,
 * logged). Unlinking a site it is not offered at changes nothing. Throws NotFoundError,
 * NotAllowedError.
 */
export async function unlinkServiceLocation(deps: Deps, actor: Actor, rawInput: unknown) {
  const { loaded, location, who } = await loadLinkable(deps, actor, rawInput);
  if (!loaded.links.some((l) => l.location_id === location.id)) return loaded.service;
  const saved = await changeServiceLinks(deps, who, loaded.service.id, (links) =>
    links.some((l) => l.location_id === location.id)
      ? links.filter((l) => l.location_id !== location.id)
      : null,
  );
  await recordAudit(deps, actor, {
    action: 'listing.service.unlink',
    subjectType: 'service',
    subjectId: saved.id,
    detail: { locationId: location.id },
  });
  return saved;
}

/**
 * The sites of the actor's organization and those it claimed, by name, retired ones left out (agency staff and org
 * admins; a scan by organization). Throws NotAllowedError, InvalidInputError.
 */
export async function listOwnLocations(
  deps: Pick<DomainDeps, 'db'>,
  actor: Actor,
  rawInput: unknown,
): Promise<Page<Location>> {
  if (actor.role !== 'agency_staff' && actor.role !== 'org_admin') {
    throw new NotAllowedError('Only agency staff can manage their organization’s listings.');
  }
  const input = parseInput(listSchema, rawInput ?? {});
  const kept = [
    actor.organizationId,
    ...(await claimedOrganizationsOf(deps, actor.organizationId)),
  ];
  const docs = await deps.db.models.Location.collection
    .find({ organization_id: kept.length === 1 ? actor.organizationId : { $in: kept } })
    .sort({ name: 1, _id: 1 })
    .toArray();
  const live = docs.map((d) => fromDoc<Location>(d)).filter((l) => !l.retired_at);
  return pageOf(live, input.first ?? 50, input.after);
}

/** The locations a service is offered at (its nested links, then one `_id` read each). */
export async function locationsOfService(
  deps: Pick<DomainDeps, 'db'>,
  serviceId: string,
): Promise<Location[]> {
  const loaded = await loadService(deps, serviceId);
  const found: Location[] = [];
  for (const link of loaded.links) {
    const doc = await deps.db.models.Location.collection.findOne({
      _id: link.location_id as never,
    });
    if (doc) found.push(fromDoc<Location>(doc));
  }
  return found;
}
