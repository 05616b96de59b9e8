import { lookupPostalCode } from '../geo/postal-codes.ts';
import { timezoneAt } from '../geo/timezone.ts';
import { categoryForAirsCode, isAirsCode } from './airs-codes.ts';
import type { TopLevelCode } from './need-categories.ts';
import { categoryForText } from './need-text.ts';
import { type Location, type ReviewFlag, type Service, type TaxonomyTerm } from './records.ts';
import { isTopLevelCode, topLevelCode } from './taxonomy.ts';

/**
 * Enrichment every write path applies (GraphQL edits, seeds, imports): fill what we can derive
 * offline and flag what a reviewer should check. Pure functions; they never mutate their input.
 */

/** Something enrichment could not do, by field. */
export type EnrichIssue = { field: string; message: string };

function withFlag(flags: ReviewFlag[], flag: ReviewFlag): ReviewFlag[] {
  return flags.some((f) => f.code === flag.code && f.field === flag.field)
    ? flags
    : [...flags, flag];
}

/**
 * Fills missing coordinates from the first address with a known US ZIP code (flagged
 * APPROXIMATE_COORDINATES) and a missing IANA time zone from the coordinates. Virtual locations
 * need neither; any other location we cannot place is returned with an issue.
 */
export function enrichLocation(location: Location): { location: Location; issues: EnrichIssue[] } {
  const issues: EnrichIssue[] = [];
  let next: Location = { ...location };
  if (next.latitude == null || next.longitude == null) {
    const place = next.addresses
      .map((a) => (a.postal_code ? lookupPostalCode(a.postal_code) : null))
      .find((p) => p !== null);
    if (place) {
      next = {
        ...next,
        latitude: place.latitude,
        longitude: place.longitude,
        coordinates_approximate: true,
        review_flags: withFlag(next.review_flags, {
          code: 'APPROXIMATE_COORDINATES',
          field: 'latitude',
          message: `Coordinates are the centre of ZIP code ${place.postalCode}; check the street address on a map.`,
        }),
      };
    } else if (next.location_type !== 'virtual') {
      issues.push({
        field: 'latitude',
        message:
          'This location has no coordinates and no known US ZIP code, so it cannot appear on the map.',
      });
    }
  }
  if (!next.timezone_name && next.latitude != null && next.longitude != null) {
    try {
      next = { ...next, timezone_name: timezoneAt(next.latitude, next.longitude) };
    } catch {
      issues.push({
        field: 'timezone_name',
        message: 'No time zone is known for these coordinates.',
      });
    }
  }
  return { location: next, issues };
}

function termCategory(term: TaxonomyTerm): TopLevelCode | null {
  if (term.category) {
    const fromCategory = topLevelCode(term.category);
    if (fromCategory) return fromCategory;
  }
  if (term.code) {
    const ours = topLevelCode(term.code);
    if (ours) return ours;
    // An AIRS code's mapping is deliberate, null included: "YB-8000 Older Adults" must not fall
    // through to the name heuristic and pick up a need from a word in a population's name.
    if (isAirsCode(term.code)) return categoryForAirsCode(term.code);
  }
  return categoryForText(term.name);
}

/**
 * The service's top-level need codes, sorted and unique: those of its attributes' taxonomy terms
 * (term.category, else term.code as ours or AIRS, else the term name's keywords) plus any
 * `categories` already set that are in our tree (child codes count as their top level).
 */
export function deriveCategories(
  service: Pick<Service, 'attributes' | 'categories'>,
  termsById: ReadonlyMap<string, TaxonomyTerm>,
): TopLevelCode[] {
  const found = new Set<TopLevelCode>();
  for (const existing of service.categories) {
    const top = isTopLevelCode(existing) ? existing : topLevelCode(existing);
    if (top) found.add(top);
  }
  for (const attribute of service.attributes) {
    const term = termsById.get(attribute.taxonomy_term_id);
    const top = term ? termCategory(term) : null;
    if (top) found.add(top);
  }
  return [...found].sort();
}
