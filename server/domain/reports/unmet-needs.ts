import { randomUUID } from 'node:crypto';
import type { Document } from 'mongodb';
import { z } from 'zod';
import type { Database } from '../../db/database.ts';
import type { Actor } from '../accounts/actor.ts';
import { isNetworkAdmin } from '../accounts/policy.ts';
import type { DomainDeps } from '../deps.ts';
import { topLevelCode } from '../directory/taxonomy.ts';
import { NotAllowedError } from '../errors.ts';
import { normalizePostalCode } from '../geo/postal-codes.ts';
import { zip3Centre } from '../geo/zip3-areas.ts';
import { parseInput } from '../validate.ts';

/**
 * Unmet needs: searches that found no service, or none the client is eligible for. Each is kept
 * as need categories, a ZIP3 area and a time, and nothing about the client (no id, age or
 * income). Searches must not wait for this, so entries are buffered in memory and written in
 * batches every few seconds; a crash loses at most that buffer, which a statistic can afford.
 */

export type UnmetReason = 'NO_RESULTS' | 'NONE_ELIGIBLE';

type Entry = { at: Date; categories: string[]; area: string | null; reason: UnmetReason };
type Buffer = {
  entries: Entry[];
  timer: NodeJS.Timeout | null;
  flushing: Promise<void> | null;
  logger: DomainDeps['logger'];
};

const FLUSH_MS = 3000;
const MAX_BUFFER = 5000;
const buffers = new WeakMap<Database, Buffer>();

/** The three-digit ZIP prefix: an area coarse enough not to point at a household. */
export function zip3(postalCode: string | null | undefined): string | null {
  const zip = postalCode ? normalizePostalCode(postalCode) : null;
  return zip ? zip.slice(0, 3) : null;
}

/** What a search found, as far as unmet needs are concerned. */
export type SearchOutcome = {
  categories: readonly string[];
  postalCode: string | null | undefined;
  offset: number;
  total: number;
  hasNextPage: boolean;
  /** Each hit's eligibility status on this page (null without a client profile). */
  eligibility: ReadonlyArray<string | null>;
};

/**
 * Notes a search that met no need (first pages only, so paging does not count twice). Never
 * throws and never waits for the database.
 */
export function noteSearchOutcome(
  deps: Pick<DomainDeps, 'db' | 'clock' | 'logger'>,
  search: SearchOutcome,
): void {
  try {
    if (search.offset > 0) return;
    let reason: UnmetReason | null = null;
    if (search.total === 0) reason = 'NO_RESULTS';
    else if (
      !search.hasNextPage &&
      search.eligibility.length > 0 &&
      search.eligibility.every((status) => status === 'INELIGIBLE')
    ) {
      reason = 'NONE_ELIGIBLE';
    }
    if (!reason) return;
    const categories = [...new Set(search.categories.map((c) => topLevelCode(c) ?? c))].sort();
    let buffer = buffers.get(deps.db);
    if (!buffer) {
      buffer = { entries: [], timer: null, flushing: null, logger: deps.logger };
      buffers.set(deps.db, buffer);
    }
    if (buffer.entries.length >= MAX_BUFFER) return;
    buffer.entries.push({
      at: deps.clock.now(),
      categories,
      area: zip3(search.postalCode),
      reason,
    });
    if (!buffer.timer) {
      buffer.timer = setTimeout(() => {
        void flushUnmetNeeds(deps);
      }, FLUSH_MS);
      buffer.timer.unref();
    }
  } catch (error) {
    deps.logger.error({ err: error }, 'could not note an unmet need');
  }
}

/** Writes the buffered unmet needs now (one insertMany). Logs, never throws. */
export async function flushUnmetNeeds(deps: Pick<DomainDeps, 'db'>): Promise<void> {
  const buffer = buffers.get(deps.db);
  if (!buffer) return;
  if (buffer.timer) {
    clearTimeout(buffer.timer);
    buffer.timer = null;
  }
  while (buffer.flushing) await buffer.flushing;
  const entries = buffer.entries.splice(0);
  if (entries.length === 0) return;
  buffer.flushing = (async () => {
    try {
      await deps.db.models.UnmetNeed.collection.insertMany(
        entries.map((e) => ({ _id: randomUUID() as never, ...e })),
        { ordered: false },
      );
    } catch (error) {
      buffer.logger.error({ err: error, count: entries.length }, 'could not store unmet needs');
    } finally {
      buffer.flushing = null;
    }
  })();
  await buffer.flushing;
}

const rangeSchema = z
  .object({ from: z.date(), to: z.date() })
  .refine((r) => r.from.getTime() < r.to.getTime(), {
    error: 'The start of the period must be before its end.',
    path: ['to'],
  });

export type UnmetNeedRow = {
  category: string;
  area: string | null;
  count: number;
  noResults: number;
  noneEligible: number;
};

/** Unmet needs in one area, each search counted once however many categories it asked for. */
export type UnmetNeedArea = {
  area: string | null;
  /** The area's centre, for a map; null when the area is unknown. */
  latitude: number | null;
  longitude: number | null;
  count: number;
  noResults: number;
  noneEligible: number;
  /** Searches by need category in this area, most frequent first. */
  categories: Array<{ category: string; count: number }>;
};

export type UnmetNeedsReport = { total: number; rows: UnmetNeedRow[]; byArea: UnmetNeedArea[] };

/**
 * Unmet needs in a period by need category and area, most frequent first (network admins only).
 * A search for several categories counts once under each. Throws NotAllowedError, InvalidInputError.
 */
export async function unmetNeedsReport(
  deps: Pick<DomainDeps, 'db'>,
  actor: Actor,
  input: unknown,
): Promise<UnmetNeedsReport> {
  if (!isNetworkAdmin(actor)) {
    throw new NotAllowedError('Only network admins can see unmet needs across the network.');
  }
  const range = parseInput(rangeSchema, input);
  await flushUnmetNeeds(deps);
  const docs: Document[] = await deps.db.models.UnmetNeed.collection
    .find({ at: { $gte: range.from, $lt: range.to } })
    .toArray();
  const rows = new Map<string, UnmetNeedRow>();
  const areas = new Map<string, { area: UnmetNeedArea; categories: Map<string, number> }>();
  for (const doc of docs) {
    const categories = Array.isArray(doc.categories) ? doc.categories.map(String) : [];
    const area = (doc.area as string | null) ?? null;
    const inArea = areas.get(area ?? '') ?? {
      area: { ...areaPlace(area), count: 0, noResults: 0, noneEligible: 0, categories: [] },
      categories: new Map<string, number>(),
    };
    inArea.area.count += 1;
    if (doc.reason === 'NONE_ELIGIBLE') inArea.area.noneEligible += 1;
    else inArea.area.noResults += 1;
    areas.set(area ?? '', inArea);
    for (const category of categories.length > 0 ? categories : ['uncategorized']) {
      inArea.categories.set(category, (inArea.categories.get(category) ?? 0) + 1);
      const key = `${category}|${area ?? ''}`;
      const row = rows.get(key) ?? { category, area, count: 0, noResults: 0, noneEligible: 0 };
      row.count += 1;
      if (doc.reason === 'NONE_ELIGIBLE') row.noneEligible += 1;
      else row.noResults += 1;
      rows.set(key, row);
    }
  }
  return {
    total: docs.length,
    rows: [...rows.values()].sort(
      (a, b) =>
        b.count - a.count ||
        a.category.localeCompare(b.category) ||
        (a.area ?? '').localeCompare(b.area ?? ''),
    ),
    byArea: [...areas.values()]
      .map(({ area, categories }) => ({
        ...area,
        categories: [...categories]
          .map(([category, count]) => ({ category, count }))
          .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category)),
      }))
      .sort((a, b) => b.count - a.count || (a.area ?? '~').localeCompare(b.area ?? '~')),
  };
}

function areaPlace(area: string | null): Pick<UnmetNeedArea, 'area' | 'latitude' | 'longitude'> {
  const centre = area ? zip3Centre(area) : null;
  return { area, latitude: centre?.latitude ?? null, longitude: centre?.longitude ?? null };
}
