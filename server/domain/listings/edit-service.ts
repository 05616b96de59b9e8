import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../accounts/actor.ts';
import { canEditListing } from '../accounts/policy.ts';
import { getUser } from '../accounts/users.ts';
import { recordAudit } from '../audit/audit.ts';
import type { DomainDeps } from '../deps.ts';
import { languageName } from '../directory/languages.ts';
import {
  capacityStatuses,
  type Service,
  serviceSchema,
  serviceStatuses,
} from '../directory/records.ts';
import { storeBundle } from '../directory/store.ts';
import { isCategoryCode } from '../directory/taxonomy.ts';
import {
  ConflictError,
  type FieldIssue,
  InvalidInputError,
  NotAllowedError,
  NotFoundError,
  NotSignedInError,
} from '../errors.ts';
import { parseInput, toFieldIssues } from '../validate.ts';
import { diffFields, diffResource, recordListingChanges } from './listing-changes.ts';
import { claimedOwnerOf, type LoadedService, loadService, ownersOf } from './load.ts';
import { writeVersioned } from './versioned-write.ts';

type EditDeps = Pick<DomainDeps, 'db' | 'clock'>;

/** Fields whose changes go to the listing's change log. */
const LOGGED_FIELDS = [
  'name',
  'description',
  'status',
  'phones',
  'schedules',
  'eligibility',
  'languages',
  'cost_options',
  'required_documents',
  'categories',
  'assured_date',
  'assurer_email',
  'capacity',
] as const;

const str = z.string().nullish();
const num = z.number().nullish();

// Shapes only: the values are checked by the record schemas that import uses too.
const updateInputSchema = z.object({
  serviceId: z.string().min(1).max(200),
  expectedLastModified: z.string().max(100).nullish(),
  name: str,
  description: str,
  status: z.enum(serviceStatuses).nullish(),
  phones: z
    .array(z.object({ number: z.string(), extension: num, type: str, description: str }))
    .max(50)
    .nullish(),
  schedules: z
    .array(
      z.object({
        validFrom: str,
        validTo: str,
        freq: z.enum(['WEEKLY', 'MONTHLY']).nullish(),
        interval: num,
        byday: str,
        bymonthday: str,
        opensAt: str,
        closesAt: str,
        description: str,
        closed: z.boolean().nullish(),
      }),
    )
    .max(100)
    .nullish(),
  eligibility: z
    .object({
      minAge: num,
      maxAge: num,
      incomeLimitFplPercent: num,
      residency: z
        .object({
          postalCodes: z.array(z.string()).nullish(),
          counties: z.array(z.string()).nullish(),
          states: z.array(z.string()).nullish(),
        })
        .nullish(),
      genders: z.array(z.enum(['female', 'male', 'nonbinary'])).nullish(),
      veteranOnly: z.boolean().nullish(),
      documentsRequired: z.array(z.string()).nullish(),
      description: str,
    })
    .nullish(),
  languages: z.array(z.string()).max(50).nullish(),
  costs: z
    .array(
      z.object({
        option: str,
        currency: str,
        amount: num,
        amountDescription: str,
        validFrom: str,
        validTo: str,
      }),
    )
    .max(50)
    .nullish(),
  requiredDocuments: z.array(z.string()).max(50).nullish(),
  categories: z.array(z.string()).max(20).nullish(),
});
export type UpdateServiceInput = z.input<typeof updateInputSchema>;

const capacityInputSchema = z.object({
  serviceId: z.string().min(1).max(200),
  status: z.enum(capacityStatuses),
  count: num,
  unit: str,
  note: str,
});

/** HSDS field names back to the API's input names, for messages. */
const INPUT_NAMES: Record<string, string> = {
  cost_options: 'costs',
  required_documents: 'requiredDocuments',
  amount_description: 'amountDescription',
};

function camel(segment: string): string {
  return INPUT_NAMES[segment] ?? segment.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
}

/** Names a record-schema issue the way the caller wrote the field (`schedules.0.closesAt`). */
function inputPath(path: string): string {
  const parts = path.split('.').map(camel);
  // A required document is a plain string in the input.
  if (parts[0] === 'requiredDocuments' && parts[2] === 'document') parts.length = 2;
  if (parts[0] === 'capacity') parts.shift();
  return parts.join('.');
}

function validateRecord(record: unknown): Service {
  const result = serviceSchema.safeParse(record);
  if (result.success) return result.data;
  const issues: FieldIssue[] = toFieldIssues(result.error).map((i) => ({
    path: inputPath(i.path),
    message: i.message,
  }));
  throw new InvalidInputError(issues);
}

/** Keeps the id of the child at the same position, so an unchanged list stays the same list. */
function idAt(list: ReadonlyArray<{ id: string }>, index: number): string {
  return list[index]?.id ?? randomUUID();
}

function assertMayEdit(actor: Actor, loaded: LoadedService): void {
  if (!canEditListing(actor, ownersOf(loaded))) {
    throw new NotAllowedError('Only staff of the agency that lists this service can change it.');
  }
}

async function whoIs(deps: EditDeps, actor: Actor): Promise<ChangedBy & { userId: string }> {
  const user = await getUser(deps, actor.userId);
  if (!user) throw new NotSignedInError();
  return { email: user.email, userId: actor.userId };
}

/** A service edit: from the service as stored now, its new record and sites, or null for none. */
type ServiceChange = (
  loaded: LoadedService,
) => { record: Record<string, unknown>; links?: LoadedService['links'] } | null;

/**
 * Applies `change` to the service as stored now and writes the result as the service's next
 * version in one replace (re-read and applied again when another edit got there first, see
 * versioned-write.ts), announced to search through the outbox; then logs each changed field.
 * Nothing is written when `change` throws or the new record fails validation. Throws
 * NotFoundError, InvalidInputError, ConflictError, and whatever `change` throws.
 */
async function saveService(
  deps: EditDeps,
  who: ChangedBy,
  serviceId: string,
  change: ServiceChange,
): Promise<Service> {
  const target = {
    kind: 'service' as const,
    id: serviceId,
    collection: deps.db.models.Service.collection,
  };
  type Saved = { loaded: LoadedService; record: Service; links: LoadedService['links'] | null };
  const saved = await writeVersioned<Saved>(deps, target, async () => {
    const loaded = await loadService(deps, serviceId);
    const changed = change(loaded);
    if (changed === null) {
      return { result: { loaded, record: loaded.service, links: null }, write: null };
    }
    const record = validateRecord(changed.record);
    const { id, ...rest } = record;
    const links = changed.links ?? loaded.links;
    return {
      result: { loaded, record, links },
      write: {
        version: loaded.version,
        doc: { ...rest, service_at_locations: links },
        reindex: [id],
      },
    };
  });
  const { links } = saved;
  if (links === null) return saved.record;
  const at = deps.clock.now();
  const before = saved.loaded;
  await recordListingChanges(deps, [
    ...diffFields(before.service, saved.record, LOGGED_FIELDS, who, at),
    ...diffFields(
      { id: serviceId, service_at_locations: before.links.map((l) => l.location_id) },
      { id: serviceId, service_at_locations: links.map((l) => l.location_id) },
      ['service_at_locations'],
      who,
      at,
    ),
  ]);
  return saved.record;
}

function stamp(deps: EditDeps, email: string) {
  const now = deps.clock.now();
  return {
    last_modified: now.toISOString(),
    assured_date: now.toISOString().slice(0, 10),
    assurer_email: email,
  };
}

type UpdateInput = z.output<typeof updateInputSchema>;

/** Who a change is logged under: a user, or (a confirmation link) only the address it went to. */
export type ChangedBy = { email: string; userId: string | null };

/**
 * The record an update would write: the given fields over the current ones, plus `stamped`.
 * Throws InvalidInputError for unknown language or category codes.
 */
function buildUpdated(
  current: Service,
  input: UpdateInput,
  stamped: Record<string, unknown>,
): Record<string, unknown> {
  const issues: FieldIssue[] = [];
  for (const [i, code] of (input.languages ?? []).entries()) {
    if (!languageName(code)) {
      issues.push({
        path: `languages.${i}`,
        message: `Unknown language code "${code}". Use ISO 639 codes such as en, es or ht.`,
      });
    }
  }
  for (const [i, code] of (input.categories ?? []).entries()) {
    if (!isCategoryCode(code)) {
      issues.push({ path: `categories.${i}`, message: `Unknown category "${code}".` });
    }
  }
  if (issues.length > 0) throw new InvalidInputError(issues);

  const next: Record<string, unknown> = { ...current, ...stamped };
  if (input.name != null) next.name = input.name;
  if (input.description != null) next.description = input.description;
  if (input.status != null) next.status = input.status;
  if (input.phones != null) {
    next.phones = input.phones.map((p, i) => ({
      id: idAt(current.phones, i),
      number: p.number,
      extension: p.extension ?? null,
      type: p.type ?? null,
      description: p.description ?? null,
    }));
  }
  if (input.schedules != null) {
    next.schedules = input.schedules.map((s, i) => ({
      id: idAt(current.schedules, i),
      valid_from: s.validFrom ?? null,
      valid_to: s.validTo ?? null,
      freq: s.freq ?? null,
      interval: s.interval ?? null,
      byday: s.byday ?? null,
      bymonthday: s.bymonthday ?? null,
      opens_at: s.opensAt ?? null,
      closes_at: s.closesAt ?? null,
      description: s.description ?? null,
      closed: s.closed ?? null,
    }));
  }
  if (input.eligibility != null) {
    const e = input.eligibility;
    next.eligibility = {
      min_age: e.minAge ?? null,
      max_age: e.maxAge ?? null,
      income_limit_fpl_percent: e.incomeLimitFplPercent ?? null,
      residency: e.residency
        ? {
            postal_codes: e.residency.postalCodes ?? [],
            counties: e.residency.counties ?? [],
            states: e.residency.states ?? [],
          }
        : null,
      genders: e.genders ?? null,
      veteran_only: e.veteranOnly ?? null,
      documents_required: e.documentsRequired ?? null,
      description: e.description ?? null,
    };
  }
  if (input.languages != null) {
    next.languages = [...new Set(input.languages)].map((code) => {
      const existing = current.languages.find((l) => l.code === code);
      return existing ?? { id: randomUUID(), code, name: languageName(code) ?? null };
    });
  }
  if (input.costs != null) {
    next.cost_options = input.costs.map((c, i) => ({
      id: idAt(current.cost_options, i),
      option: c.option ?? null,
      currency: c.currency ?? null,
      amount: c.amount ?? null,
      amount_description: c.amountDescription ?? null,
      valid_from: c.validFrom ?? null,
      valid_to: c.validTo ?? null,
    }));
  }
  if (input.requiredDocuments != null) {
    next.required_documents = input.requiredDocuments.map((document, i) => ({
      id: idAt(current.required_documents, i),
      document,
    }));
  }
  if (input.categories != null) next.categories = [...new Set(input.categories)];
  return next;
}

/**
 * Edits a service as its agency (staff or org admin of the owning organization): the given fields
 * replace the stored ones, the listing counts as confirmed today, and every changed field is
 * logged. Throws NotFoundError, NotAllowedError, InvalidInputError (by input field), ConflictError
 * when `expectedLastModified` no longer matches.
 */
export async function updateService(
  deps: EditDeps,
  actor: Actor,
  rawInput: unknown,
): Promise<Service> {
  const input = parseInput(updateInputSchema, rawInput);
  const who = await whoIs(deps, actor);
  return saveService(deps, who, input.serviceId, (loaded) => {
    assertMayEdit(actor, loaded);
    const current = loaded.service;
    if (
      input.expectedLastModified != null &&
      input.expectedLastModified !== (current.last_modified ?? null)
    ) {
      throw new ConflictError(
        `This listing was changed at ${current.last_modified ?? 'an unknown time'} since you opened it. Reload it and make your change again.`,
      );
    }
    return { record: buildUpdated(current, input, stamp(deps, who.email)) };
  });
}

/**
 * Confirms a listing is accurate as it stands: assured today by this user (agency staff or org
 * admin of the owning organization). Throws NotFoundError, NotAllowedError.
 */
export async function confirmServiceAccurate(
  deps: EditDeps,
  actor: Actor,
  serviceId: string,
): Promise<Service> {
  const who = await whoIs(deps, actor);
  return saveService(deps, who, serviceId, (loaded) => {
    assertMayEdit(actor, loaded);
    return { record: { ...loaded.service, ...stamp(deps, who.email) } };
  });
}

/**
 * Publishes a service's capacity now (owning agency); it reads as unknown again after
 * CAPACITY_TTL_HOURS. Throws NotFoundError, NotAllowedError, InvalidInputError.
 */
export async function setServiceCapacity(
  deps: EditDeps,
  actor: Actor,
  rawInput: unknown,
): Promise<Service> {
  const input = parseInput(capacityInputSchema, rawInput);
  const who = await whoIs(deps, actor);
  const now = deps.clock.now();
  return saveService(deps, who, input.serviceId, (loaded) => {
    assertMayEdit(actor, loaded);
    return {
      record: {
        ...loaded.service,
        last_modified: now.toISOString(),
        capacity: {
          status: input.status,
          count: input.count ?? null,
          unit: input.unit ?? null,
          note: input.note ?? null,
          updated_at: now.toISOString(),
        },
      },
    };
  });
}

/** The fields updateService edits (its input names): the ones a suggestion may change. */
export const editableFields = [
  'name',
  'description',
  'status',
  'phones',
  'schedules',
  'eligibility',
  'languages',
  'costs',
  'requiredDocuments',
  'categories',
] as const;
export type EditableField = (typeof editableFields)[number];

/**
 * Checks an edit (updateService's input) against a loaded service with the same rules, writing
 * nothing. Throws InvalidInputError by input field.
 */
export function checkServiceEdit(loaded: LoadedService, rawInput: unknown): void {
  const input = parseInput(updateInputSchema, rawInput);
  validateRecord(buildUpdated(loaded.service, input, {}));
}

/**
 * Applies an edit (updateService's input) exactly as updateService does: validated, confirmed
 * today, logged and announced to search through the outbox. The caller has already decided the
 * actor may make it. Throws NotFoundError, InvalidInputError, ConflictError.
 */
export async function applyServiceEdit(
  deps: EditDeps,
  who: ChangedBy & { userId: string },
  serviceId: string,
  rawInput: unknown,
): Promise<Service> {
  const input = parseInput(updateInputSchema, rawInput);
  return saveService(deps, who, serviceId, (loaded) => ({
    record: buildUpdated(loaded.service, input, stamp(deps, who.email)),
  }));
}

/**
 * Confirms a listing accurate as it stands on behalf of `email` (a confirmation link: no user, so
 * the change log names only the address). Throws NotFoundError.
 */
export async function confirmServiceAccurateAs(
  deps: EditDeps,
  serviceId: string,
  email: string,
): Promise<Service> {
  return saveService(deps, { email, userId: null }, serviceId, (loaded) => ({
    record: { ...loaded.service, ...stamp(deps, email) },
  }));
}

const createInputSchema = updateInputSchema
  .omit({ serviceId: true, expectedLastModified: true })
  .extend({
    organizationId: z.string().min(1).max(200).nullish(),
    name: z.string({ error: 'is required' }).max(300),
  });

/** Fields logged when a service is created: every field the agency gave. */
const CREATED_FIELDS = [...LOGGED_FIELDS, 'organization_id'] as const;

/**
 * Lists a new service under the actor's organization, or one its agency claimed (agency staff
 * and org admins), validated like updateService: active, confirmed today, no sites yet (link
 * locations next). Logged, audited, announced to search through the outbox. Throws
 * NotAllowedError, NotFoundError (organization), InvalidInputError.
 */
export async function createService(
  deps: EditDeps,
  actor: Actor,
  rawInput: unknown,
): Promise<Service> {
  const input = parseInput(createInputSchema, rawInput);
  const organizationId = input.organizationId ?? actor.organizationId;
  const owners = {
    organization_id: organizationId,
    claimedBy: await claimedOwnerOf(deps, organizationId),
  };
  if (!canEditListing(actor, owners)) {
    throw new NotAllowedError(
      'Only staff of the agency that keeps this organization can list services for it.',
    );
  }
  const organization = await deps.db.models.Organization.collection.findOne({
    _id: organizationId as never,
  });
  if (!organization) throw new NotFoundError('organization', organizationId);
  const user = await getUser(deps, actor.userId);
  if (!user) throw new NotSignedInError();
  const base = serviceSchema.parse({
    id: randomUUID(),
    organization_id: organizationId,
    name: input.name,
    status: 'active',
  });
  const record = validateRecord(
    buildUpdated(base, { ...input, serviceId: base.id }, stamp(deps, user.email)),
  );
  await storeBundle(deps, {
    organizations: [],
    locations: [],
    services: [record],
    serviceAtLocations: [],
    taxonomies: [],
    taxonomyTerms: [],
  });
  const who = { email: user.email, userId: actor.userId };
  await recordListingChanges(
    deps,
    diffResource({}, record, CREATED_FIELDS, who, deps.clock.now(), {
      type: 'service',
      id: record.id,
      serviceId: record.id,
      action: 'create',
    }),
  );
  await recordAudit(deps, actor, {
    action: 'listing.service.create',
    subjectType: 'service',
    subjectId: record.id,
    detail: { organizationId },
  });
  return record;
}

/**
 * Retires a service (its agency): status `inactive`, kept with its sites for history, out of
 * search once the outbox applies it. Logged and audited. Throws NotFoundError, NotAllowedError,
 * ConflictError (already inactive or defunct).
 */
export async function retireService(
  deps: EditDeps,
  actor: Actor,
  serviceId: string,
): Promise<Service> {
  const who = await whoIs(deps, actor);
  const saved = await saveService(deps, who, serviceId, (loaded) => {
    assertMayEdit(actor, loaded);
    if (loaded.service.status === 'inactive' || loaded.service.status === 'defunct') {
      throw new ConflictError(`This service is already ${loaded.service.status}.`);
    }
    return {
      record: {
        ...loaded.service,
        status: 'inactive',
        last_modified: deps.clock.now().toISOString(),
      },
    };
  });
  await recordAudit(deps, actor, {
    action: 'listing.service.retire',
    subjectType: 'service',
    subjectId: serviceId,
    detail: { organizationId: saved.organization_id },
  });
  return saved;
}

/**
 * Replaces a service's sites (its service-at-locations) with what `change` makes of the current
 * ones (null: leave them), as one versioned write of the service announced to search through the
 * outbox, and logs the list of location ids as `service_at_locations`. Throws NotFoundError,
 * ConflictError, and whatever `change` throws.
 */
export async function changeServiceLinks(
  deps: EditDeps,
  who: ChangedBy,
  serviceId: string,
  change: (links: LoadedService['links']) => LoadedService['links'] | null,
): Promise<Service> {
  return saveService(deps, who, serviceId, (loaded) => {
    const links = change(loaded.links);
    if (links === null) return null;
    return {
      record: { ...loaded.service, last_modified: deps.clock.now().toISOString() },
      links,
    };
  });
}
