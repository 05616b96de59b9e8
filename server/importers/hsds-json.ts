import { categoryForAirsCode, isAirsCode } from '../domain/directory/airs-codes.ts';
import { languageCode, languageName } from '../domain/directory/languages.ts';
import {
  isCategoryCode,
  taxonomyTermId,
  topLevelCode,
  WAYFINDER_TAXONOMY_NAME,
} from '../domain/directory/taxonomy.ts';
import {
  addChild,
  type ChildField,
  type Draft,
  draft,
  type ImportContext,
  type Origin,
} from './context.ts';
import { blank, cleanText } from './text.ts';

/**
 * Reader for HSDS 3 JSON as the HSDS API and its examples nest it: full services (with
 * `organization`, `service_at_locations[].location`, `attributes[].taxonomy_term`, …), or
 * organizations with nested `services` and `locations`, or API pages (`{ contents: [...] }`).
 * Ids that are not UUIDs are mapped; nested references are rewritten to match.
 */

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function list(v: unknown): Json[] {
  return Array.isArray(v) ? v.filter(isObject) : [];
}

function str(v: unknown): string | null {
  return typeof v === 'string' || typeof v === 'number' ? blank(String(v)) : null;
}

/** The top-level objects of a parsed document: arrays, API pages and single objects. */
export function topLevelObjects(doc: unknown): Json[] {
  if (Array.isArray(doc)) return doc.flatMap(topLevelObjects);
  if (!isObject(doc)) return [];
  if (Array.isArray(doc.contents)) return list(doc.contents);
  return [doc];
}

const childFields: Record<string, ChildField> = {
  phones: 'phones',
  schedules: 'schedules',
  languages: 'languages',
  addresses: 'addresses',
  contacts: 'contacts',
  accessibility: 'accessibility',
  cost_options: 'cost_options',
  attributes: 'attributes',
  service_areas: 'service_areas',
  required_documents: 'required_documents',
};
const childRecordTypes: Record<ChildField, string> = {
  phones: 'phone',
  schedules: 'schedule',
  languages: 'language',
  addresses: 'address',
  contacts: 'contact',
  accessibility: 'accessibility',
  cost_options: 'cost_option',
  attributes: 'attribute',
  service_areas: 'service_area',
  required_documents: 'required_document',
};

/** Collects drafts from HSDS 3 JSON objects; records met twice (shared orgs, locations) are kept once. */
export class Hsds3JsonReader {
  readonly drafts: Draft[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly ctx: ImportContext) {}

  /** Reads one top-level object from `file` (`row` is the NDJSON line, else null). */
  read(obj: Json, file: string, row: number | null): void {
    const o = (value: Json): Origin => ({ file, row, sourceId: str(value.id) });
    if (this.looksLikeOrganization(obj)) this.organization(obj, o);
    else if ('service_id' in obj && 'location_id' in obj) this.serviceAtLocation(obj, o, null);
    else if ('latitude' in obj || 'addresses' in obj || 'location_type' in obj)
      this.location(obj, o);
    else this.service(obj, o);
  }

  private looksLikeOrganization(obj: Json): boolean {
    if (
      'services' in obj ||
      'locations' in obj ||
      'programs' in obj ||
      'organization_identifiers' in obj
    )
      return true;
    // A service always names its organization; an organization names none.
    return (
      !('organization_id' in obj) &&
      !('organization' in obj) &&
      ('website' in obj ||
        'tax_status' in obj ||
        'year_incorporated' in obj ||
        'legal_status' in obj)
    );
  }

  private mapId(type: string, v: unknown): string | null {
    const s = str(v);
    return s ? this.ctx.id(type, s) : null;
  }

  private once(type: string, id: string | null): boolean {
    const key = `${type}:${id ?? ''}`;
    if (id && this.seen.has(key)) return false;
    if (id) this.seen.add(key);
    return true;
  }

  private push(type: Draft['type'], obj: Json, origin: Origin, value: Json): Draft | null {
    if (!this.once(type, str(value.id))) return null;
    const d = draft(type, origin, value);
    this.drafts.push(d);
    this.children(d, obj, origin);
    return d;
  }

  private organization(obj: Json, o: (v: Json) => Origin): void {
    const id = this.mapId('organization', obj.id);
    const {
      services,
      locations,
      programs,
      funding,
      organization_identifiers,
      attributes,
      metadata,
      phones,
      contacts,
      ...rest
    } = obj;
    this.push('organization', obj, o(obj), {
      ...rest,
      id,
      description: cleanText(obj.description) ?? '',
      parent_organization_id: this.mapId('organization', obj.parent_organization_id),
    });
    for (const s of list(services))
      this.service({ ...s, organization_id: s.organization_id ?? obj.id }, o);
    for (const l of list(locations))
      this.location({ ...l, organization_id: l.organization_id ?? obj.id }, o);
  }

  private service(obj: Json, o: (v: Json) => Origin): void {
    const org = isObject(obj.organization) ? obj.organization : null;
    if (org) this.organization(org, o);
    const orgSource = str(obj.organization_id) ?? str(org?.id);
    const { organization, service_at_locations, program, funding, metadata, fees, ...rest } = obj;
    this.push('service', obj, o(obj), {
      ...rest,
      id: this.mapId('service', obj.id),
      organization_id: orgSource ? this.ctx.id('organization', orgSource) : null,
      source_organization_id: orgSource,
      program_id: this.mapId('program', obj.program_id),
      description: cleanText(obj.description) ?? '',
      // HSDS 3.0 deprecates "fees" for fees_description; older feeds still send it.
      fees_description: str(obj.fees_description) ?? str(fees),
      status: str(obj.status)?.toLowerCase() ?? 'active',
    });
    for (const sal of list(service_at_locations))
      this.serviceAtLocation({ ...sal, service_id: sal.service_id ?? obj.id }, o, orgSource);
  }

  /** `orgSource`: the organization of the service this link is nested in, for a location that names none. */
  private serviceAtLocation(obj: Json, o: (v: Json) => Origin, orgSource: string | null): void {
    const loc = isObject(obj.location) ? obj.location : null;
    if (loc) this.location({ ...loc, organization_id: loc.organization_id ?? orgSource }, o);
    const { location, attributes, metadata, ...rest } = obj;
    this.push('service_at_location', obj, o(obj), {
      ...rest,
      id: this.mapId('service_at_location', obj.id),
      service_id: this.mapId('service', obj.service_id),
      location_id: this.mapId('location', obj.location_id ?? loc?.id),
    });
  }

  private location(obj: Json, o: (v: Json) => Origin): void {
    const sourceId = str(obj.id);
    const notUuid =
      sourceId != null && this.ctx.id('location', sourceId) !== sourceId.toLowerCase();
    const { attributes, metadata, ...rest } = obj;
    this.push('location', obj, o(obj), {
      ...rest,
      id: this.mapId('location', obj.id),
      organization_id: this.mapId('organization', obj.organization_id),
      location_type: str(obj.location_type)?.toLowerCase() ?? 'physical',
      external_identifier: str(obj.external_identifier) ?? (notUuid ? sourceId : null),
      external_identifier_type:
        str(obj.external_identifier_type) ??
        (notUuid ? `${this.ctx.datasetKey} location id` : null),
    });
  }

  /** Moves nested child arrays onto the draft as separately validated rows, with mapped ids. */
  private children(d: Draft, obj: Json, origin: Origin): void {
    for (const key of Object.keys(childFields)) {
      const field = childFields[key];
      if (!field) continue;
      delete d.value[key];
      if (d.type === 'service_at_location' && !['phones', 'schedules', 'contacts'].includes(field))
        continue;
      if (d.type === 'organization' && !['phones', 'contacts'].includes(field)) continue;
      list(obj[key]).forEach((child, index) => {
        const recordType = childRecordTypes[field];
        const sourceId = str(child.id) ?? `${d.type}/${origin.sourceId ?? ''}/${index + 1}`;
        const value: Json = { ...child, id: this.ctx.id(recordType, sourceId) };
        if (field === 'attributes') {
          const termId = this.attributeTerm(child, origin);
          if (!termId) return;
          value.taxonomy_term_id = termId;
          delete value.taxonomy_term;
        }
        if (field === 'languages') this.language(value, d, origin);
        if (field === 'contacts') {
          value.phones = list(child.phones).map((p, n) => ({
            ...p,
            id: this.ctx.id('phone', str(p.id) ?? `${sourceId}/${n + 1}`),
          }));
        }
        addChild(d, field, { origin: { ...origin, sourceId: str(child.id) }, value });
      });
    }
  }

  private language(value: Json, d: Draft, origin: Origin): void {
    const code = str(value.code)?.toLowerCase();
    if (code && languageName(code)) return;
    const byName = languageCode(str(value.name) ?? code ?? '');
    if (byName) {
      value.code = byName;
      value.name ??= languageName(byName);
      return;
    }
    this.ctx.warn(
      origin,
      'language',
      'code',
      `"${str(value.name) ?? code ?? ''}" names no language we know; the record was flagged.`,
    );
    const f = {
      code: 'UNMAPPED_VALUE' as const,
      field: 'languages',
      message: `The language "${str(value.name) ?? code ?? ''}" could not be matched to an ISO 639 code.`,
    };
    if (!d.flags.some((x) => x.message === f.message)) d.flags.push(f);
  }

  /** The term id an attribute points at, importing its nested term; our own codes join our taxonomy. */
  private attributeTerm(attr: Json, origin: Origin): string | null {
    const term = isObject(attr.taxonomy_term) ? attr.taxonomy_term : null;
    const code = str(term?.code);
    const taxonomyName = str(term?.taxonomy);
    if (code && (taxonomyName?.toLowerCase() === WAYFINDER_TAXONOMY_NAME || isCategoryCode(code))) {
      if (isCategoryCode(code)) return taxonomyTermId(code);
      this.ctx.reject(
        origin,
        'attribute',
        'taxonomy_term.code',
        `"${code}" is not a Wayfinder need code; the attribute was dropped.`,
      );
      return null;
    }
    if (term) {
      const id = this.mapId('taxonomy_term', term.id);
      if (this.once('taxonomy_term', id)) {
        const taxonomyId = this.mapId('taxonomy', term.taxonomy_id ?? taxonomyName);
        if (taxonomyId && taxonomyName && this.once('taxonomy', taxonomyId)) {
          this.drafts.push(
            draft(
              'taxonomy',
              { ...origin, sourceId: taxonomyName },
              { id: taxonomyId, name: taxonomyName, description: '' },
            ),
          );
        }
        const { taxonomy, taxonomy_detail, metadata, ...rest } = term;
        this.drafts.push(
          draft(
            'taxonomy_term',
            { ...origin, sourceId: str(term.id) },
            {
              ...rest,
              id,
              description: str(term.description) ?? '',
              parent_id: this.mapId('taxonomy_term', term.parent_id),
              taxonomy_id: taxonomyId,
              category: code
                ? isAirsCode(code)
                  ? categoryForAirsCode(code)
                  : topLevelCode(code)
                : null,
            },
          ),
        );
      }
      return id;
    }
    return this.mapId('taxonomy_term', attr.taxonomy_term_id);
  }
}
