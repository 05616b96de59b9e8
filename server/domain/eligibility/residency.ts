import type { Eligibility } from '../directory/records.ts';
import { countyKey, lookupPostalCode } from '../geo/postal-codes.ts';

/**
 * Residency rules as tokens: `zip:80202`, `county:Denver County, CO`, `state:CO`. A service's
 * tokens go into SearchDocument.residency; a client's come from their ZIP code. A client matches
 * when the two lists share a token, so both sides must spell counties the same way: through
 * countyKey.
 */

const stateNames: Readonly<Record<string, string>> = {
  AL: 'Alabama',
  AK: 'Alaska',
  AZ: 'Arizona',
  AR: 'Arkansas',
  CA: 'California',
  CO: 'Colorado',
  CT: 'Connecticut',
  DE: 'Delaware',
  DC: 'the District of Columbia',
  FL: 'Florida',
  GA: 'Georgia',
  HI: 'Hawaii',
  ID: 'Idaho',
  IL: 'Illinois',
  IN: 'Indiana',
  IA: 'Iowa',
  KS: 'Kansas',
  KY: 'Kentucky',
  LA: 'Louisiana',
  ME: 'Maine',
  MD: 'Maryland',
  MA: 'Massachusetts',
  MI: 'Michigan',
  MN: 'Minnesota',
  MS: 'Mississippi',
  MO: 'Missouri',
  MT: 'Montana',
  NE: 'Nebraska',
  NV: 'Nevada',
  NH: 'New Hampshire',
  NJ: 'New Jersey',
  NM: 'New Mexico',
  NY: 'New York',
  NC: 'North Carolina',
  ND: 'North Dakota',
  OH: 'Ohio',
  OK: 'Oklahoma',
  OR: 'Oregon',
  PA: 'Pennsylvania',
  RI: 'Rhode Island',
  SC: 'South Carolina',
  SD: 'South Dakota',
  TN: 'Tennessee',
  TX: 'Texas',
  UT: 'Utah',
  VT: 'Vermont',
  VA: 'Virginia',
  WA: 'Washington',
  WV: 'West Virginia',
  WI: 'Wisconsin',
  WY: 'Wyoming',
  PR: 'Puerto Rico',
  GU: 'Guam',
  VI: 'the U.S. Virgin Islands',
  AS: 'American Samoa',
  MP: 'the Northern Mariana Islands',
};

/**
 * "Denver County, CO", "denver county , co" and "Denver, CO" all become "Denver County, CO";
 * a name without a ", ST" suffix is kept trimmed (it cannot match a client, which a reviewer sees).
 */
export function normalizeCounty(value: string): string {
  const match = /^\s*(.+?)\s*,\s*([A-Za-z]{2})\s*$/.exec(value);
  if (!match?.[1] || !match[2]) return value.trim().replace(/\s+/g, ' ');
  const name = match[1].replace(/\s+/g, ' ');
  return countyKey(titleCaseCountyWords(name), match[2].toUpperCase());
}

// Only the designator words are re-cased; county names themselves ("DeKalb") are left alone.
function titleCaseCountyWords(name: string): string {
  return name.replace(
    /\b(county|parish|borough)\b/gi,
    (w) => w[0]?.toUpperCase() + w.slice(1).toLowerCase(),
  );
}

/** Residency tokens for a service's eligibility.residency, deduplicated; [] means anyone. Throws nothing. */
export function residencyTokens(residency: Eligibility['residency']): string[] {
  if (!residency) return [];
  const tokens = [
    ...residency.postal_codes.map((zip) => `zip:${zip.trim()}`),
    ...residency.counties.map((county) => `county:${normalizeCounty(county)}`),
    ...residency.states.map((state) => `state:${state.trim().toUpperCase()}`),
  ];
  return [...new Set(tokens)];
}

/**
 * A client's residency tokens from their ZIP code (zip, county, state); [] when the ZIP is unknown.
 * Throws nothing. The offline table drops "Parish" from most Louisiana parishes, so a Louisiana
 * client also gets the "X Parish, LA" spelling a service is likely to use.
 */
export function clientResidencyTokens(postalCode: string): string[] {
  const place = lookupPostalCode(postalCode);
  if (!place) return [];
  const tokens = [`zip:${place.postalCode}`];
  if (place.county && place.state) {
    tokens.push(`county:${countyKey(place.county, place.state)}`);
    if (place.state === 'LA' && !/\bparish\b/i.test(place.county)) {
      tokens.push(`county:${place.county} Parish, LA`);
    }
  }
  if (place.state) tokens.push(`state:${place.state}`);
  return tokens;
}

/** A place a token names, for sentences: "ZIP code 80202", "Denver County, CO", "Colorado". */
export function describeResidencyToken(token: string): string {
  const colon = token.indexOf(':');
  const kind = token.slice(0, colon);
  const value = token.slice(colon + 1);
  if (kind === 'zip') return `ZIP code ${value}`;
  if (kind === 'state') return stateNames[value] ?? value;
  return value;
}

/** "Denver County, CO", "ZIP codes 80202 or 80203", "Denver County, CO or Colorado"; throws nothing. */
export function describeResidency(tokens: readonly string[]): string {
  const zips = tokens.filter((t) => t.startsWith('zip:')).map((t) => t.slice(4));
  const others = tokens.filter((t) => !t.startsWith('zip:')).map(describeResidencyToken);
  const parts = [
    ...(zips.length === 1
      ? [`ZIP code ${zips[0]}`]
      : zips.length > 1
        ? [`ZIP codes ${joinList(zips, 'or')}`]
        : []),
    ...others,
  ];
  return joinList(parts, 'or');
}

/** "a", "a or b", "a, b or c". */
export function joinList(items: readonly string[], conjunction: 'and' | 'or'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items.at(-1)}`;
}
