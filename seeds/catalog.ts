import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * What the demo directory is made of, read from `seeds/catalog/*.json`: kinds of organizations,
 * the services each kind offers (need codes, hours, eligibility, costs and prose), and the word
 * lists invented names are built from. Names are made up; none is meant to be a real organization.
 * The files are checked as they load, so a typo in a kind or a document key fails at once.
 */

const hoursKind = z.enum([
  'office',
  'office-evening',
  'clinic',
  'pantry',
  'weekend',
  'monthly',
  'overnight',
  'winter',
  'always',
  'meals',
  'breakfast',
  'drop-in',
  'class',
  'youth',
  'appointment',
]);
/** A pattern of opening hours. */
export type HoursKind = z.infer<typeof hoursKind>;

const eligibilityKind = z.enum([
  'open',
  'seniors',
  'youth',
  'children',
  'adults',
  'income130',
  'income200',
  'income250',
  'county',
  'zip',
  'state',
  'veterans',
  'women',
  'families',
  'disability',
  'newcomers',
]);
/** A pattern of who may use a service. */
export type EligibilityKind = z.infer<typeof eligibilityKind>;

const costKind = z.enum(['free', 'sliding', 'fee', 'insurance']);
/** How a client pays. */
export type CostKind = z.infer<typeof costKind>;

function read(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./catalog/${name}`, import.meta.url), 'utf8'));
}

const texts = z.array(z.string()).nonempty();

/** Documents a service may ask for, by the key `organization-kinds.json` refers to them with. */
const documentTexts = z.record(z.string(), z.string()).parse(read('documents.json'));

const serviceTemplate = z.strictObject({
  names: texts,
  /** Need codes; the first is the main one. */
  codes: texts,
  hours: z.array(hoursKind).nonempty(),
  eligibility: z.array(eligibilityKind).nonempty(),
  costs: z.array(costKind).nonempty(),
  /** Opening sentences; `{org}`, `{area}`, `{city}` and `{county}` are filled in. */
  lead: texts,
  /** Further sentences, one to three of which follow the lead. */
  details: texts,
  documents: z
    .array(z.enum(Object.keys(documentTexts)))
    .nonempty()
    .transform((keys) => keys.map((key) => documentTexts[key] ?? key))
    .optional(),
  apply: texts.optional(),
  wait: texts.optional(),
  /** For a `fee` cost: the amount in US dollars and what it pays for. */
  fee: z.tuple([z.number(), z.string()]).optional(),
});
/** One service an organization of some kind may offer. */
export type ServiceTemplate = z.infer<typeof serviceTemplate>;

const orgKind = z.strictObject({
  kind: z.string(),
  weight: z.number().positive(),
  /** Extra chance of languages beyond English and Spanish. */
  multilingual: z.number().min(0).max(1),
  /** Name patterns; `{street}`, `{nature}`, `{area}`, `{person}` are filled in. */
  names: texts,
  about: texts,
  services: z.array(serviceTemplate).nonempty(),
});
/** A kind of organization: how it is named, described, and what it offers. */
export type OrgKind = z.infer<typeof orgKind>;

/** Display names of the need codes the dataset uses, as the taxonomy names them. */
export const termNames: Readonly<Record<string, string>> = z
  .record(z.string(), z.string())
  .parse(read('need-names.json'));

/** The organization kinds, weighted so each need is well represented. */
export const orgKinds: readonly OrgKind[] = z
  .array(orgKind)
  .nonempty()
  .parse(read('organization-kinds.json'));

const nameWords = z
  .strictObject({ streets: texts, nature: texts, people: texts })
  .parse(read('name-words.json'));
/** Residential street names of Denver, used in invented organization names. */
export const nameStreets: readonly string[] = nameWords.streets;
/** Nature and landscape words of the Front Range, used in invented organization names. */
export const nameNature: readonly string[] = nameWords.nature;
/** Invented honorees for "{person} House" style names. */
export const namePeople: readonly string[] = nameWords.people;

/** A language beyond English and Spanish spoken in Denver-area programs, weighted by how often. */
export type ExtraLanguage = { code: string; name: string; weight: number };

/** Languages beyond English and Spanish, as ISO 639 codes with names and weights. */
export const extraLanguages: readonly ExtraLanguage[] = z
  .array(z.strictObject({ code: z.string(), name: z.string(), weight: z.number().positive() }))
  .parse(read('languages.json'));
