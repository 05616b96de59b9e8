/** Words an address may spell out or abbreviate, all folded to the USPS abbreviation. */
const ABBREVIATIONS: Record<string, string> = {
  north: 'n',
  south: 's',
  east: 'e',
  west: 'w',
  northeast: 'ne',
  northwest: 'nw',
  southeast: 'se',
  southwest: 'sw',
  street: 'st',
  avenue: 'ave',
  av: 'ave',
  boulevard: 'blvd',
  drive: 'dr',
  road: 'rd',
  place: 'pl',
  court: 'ct',
  parkway: 'pkwy',
  lane: 'ln',
  highway: 'hwy',
  circle: 'cir',
  terrace: 'ter',
  square: 'sq',
  trail: 'trl',
  suite: 'ste',
};

const STATES = new Set(
  'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA PR RI SC SD TN TX UT VT VA WA WV WI WY'.split(
    ' ',
  ),
);

/** Street words in one spelling: lower case, no punctuation, USPS abbreviations. */
export function normalizeStreet(value: string): string {
  return value
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[.,#'’]/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => ABBREVIATIONS[word] ?? word.replace(/^(\d+)(st|nd|rd|th)$/, '$1'))
    .join(' ');
}

/** What a typed place says, part by part: "1500 E Colfax Ave, Denver, CO 80218". */
export type ParsedPlace = {
  /** The first part when it starts with a house number, else null. */
  street: string | null;
  houseNumber: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
};

/** Splits a typed address into street, city, state and ZIP code, as far as it can tell. */
export function parsePlace(text: string): ParsedPlace {
  let rest = text.trim().replace(/\s+/g, ' ');
  const zip = /\b(\d{5})(?:-\d{4})?\s*(?:,?\s*(?:usa|us|united states))?\s*$/i.exec(rest);
  const postalCode = zip?.[1] ?? null;
  if (zip) rest = rest.slice(0, zip.index).replace(/[\s,]+$/, '');
  const stateMatch = /(?:^|[\s,])([A-Za-z]{2})$/.exec(rest);
  // "123 Main Ct" ends in Connecticut's code: after a bare street, a state needs a comma or ZIP.
  const mayEndInState = rest.includes(',') || postalCode !== null || !/^\d/.test(rest);
  let state: string | null = null;
  if (mayEndInState && stateMatch?.[1] && STATES.has(stateMatch[1].toUpperCase())) {
    state = stateMatch[1].toUpperCase();
    rest = rest.slice(0, rest.length - stateMatch[1].length).replace(/[\s,]+$/, '');
  }
  const parts = rest
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const first = parts[0] ?? '';
  const house = /^(\d+[A-Za-z]?)\s+\S/.exec(first);
  if (house?.[1]) {
    return {
      street: first,
      houseNumber: house[1],
      city: parts.length > 1 ? (parts.at(-1) ?? null) : null,
      state,
      postalCode,
    };
  }
  return { street: null, houseNumber: null, city: parts.at(-1) ?? null, state, postalCode };
}
