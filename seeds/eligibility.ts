import type { EligibilityKind } from './catalog.ts';
import { metroPlaces, type Place } from './places.ts';
import type { Rng } from './prng.ts';
import type { HsdsEligibility } from './types.ts';

function fplText(percent: number): string {
  return `household income at or below ${percent}% of the federal poverty guidelines`;
}

type EligibilityResult = {
  eligibility?: HsdsEligibility;
  text: string;
  minimum_age?: number;
  maximum_age?: number;
};

/** Who may use a service of this kind of eligibility: the HSDS record and its sentence. */
export function buildEligibility(
  rng: Rng,
  kind: EligibilityKind,
  place: Place,
  documents: readonly string[],
): EligibilityResult {
  const e: Omit<HsdsEligibility, 'description'> = {};
  const parts: string[] = [];
  const residency = (): void => {
    if (e.residency) return;
    e.residency = { postal_codes: [], counties: [place.county], states: [] };
    parts.push(`Residents of ${place.county.replace(/, [A-Z]{2}$/, '')}.`);
  };
  switch (kind) {
    case 'open':
      return {
        text: rng.pick([
          'Open to everyone.',
          'No eligibility requirements.',
          'Anyone may use this service.',
        ]),
      };
    case 'seniors': {
      const age = rng.weighted([
        [60, 7],
        [55, 1],
        [62, 1],
        [65, 1],
      ] as const);
      e.min_age = age;
      parts.push(`Adults ${age} and older.`);
      break;
    }
    case 'youth': {
      const [min, max] = rng.pick([
        [12, 24],
        [14, 24],
        [16, 24],
        [15, 21],
        [18, 24],
        [12, 17],
      ] as const);
      e.min_age = min;
      e.max_age = max;
      parts.push(`Young people ages ${min} to ${max}.`);
      break;
    }
    case 'children':
      e.max_age = 18;
      parts.push('Children and teens 18 and under.');
      break;
    case 'adults':
      e.min_age = 18;
      parts.push('Adults 18 and older.');
      break;
    case 'income130':
    case 'income200':
    case 'income250': {
      const percent =
        kind === 'income130' ? 130 : kind === 'income200' ? rng.pick([185, 200, 200]) : 250;
      e.income_limit_fpl_percent = percent;
      parts.push(`Open to households with ${fplText(percent)}.`);
      if (rng.chance(0.4)) residency();
      break;
    }
    case 'county':
      residency();
      break;
    case 'zip': {
      const nearby = metroPlaces(place.metro)
        .filter((p) => p.county === place.county)
        .map(
          (p) =>
            [p, (p.latitude - place.latitude) ** 2 + (p.longitude - place.longitude) ** 2] as const,
        )
        .sort((a, b) => a[1] - b[1])
        .slice(0, rng.int(2, 5))
        .map(([p]) => p.postalCode)
        .sort();
      e.residency = { postal_codes: nearby, counties: [], states: [] };
      parts.push(`Residents of ZIP codes ${nearby.join(', ')}.`);
      break;
    }
    case 'state':
      e.residency = { postal_codes: [], counties: [], states: [place.state] };
      parts.push(
        `${place.state === 'CO' ? 'Colorado' : place.state === 'NM' ? 'New Mexico' : 'Utah'} residents.`,
      );
      break;
    case 'veterans':
      e.veteran_only = true;
      parts.push('Veterans of the U.S. armed forces; some programs also serve their families.');
      break;
    case 'women': {
      e.genders = ['female'];
      const text = rng.pick([
        'Women and their children.',
        'Women 18 and older.',
        'Women, including pregnant and parenting women.',
      ]);
      if (text === 'Women 18 and older.') e.min_age = 18;
      parts.push(text);
      break;
    }
    case 'families':
      parts.push('Households with children under 18, or pregnant women.');
      if (rng.chance(0.3)) residency();
      break;
    case 'disability':
      parts.push('People with disabilities, and their families and caregivers.');
      break;
    case 'newcomers':
      parts.push(
        'Refugees, asylees, Special Immigrant Visa holders and other humanitarian immigrants, usually within five years of arrival.',
      );
      break;
  }
  // Documents are listed on the service; repeat them here only where they prove eligibility.
  if (
    documents.length > 0 &&
    (kind === 'veterans' || kind === 'newcomers' || kind === 'disability')
  ) {
    e.documents_required = [...documents];
  }
  const text = parts.join(' ');
  return {
    eligibility: { ...e, description: text },
    text,
    ...(e.min_age !== undefined ? { minimum_age: e.min_age } : {}),
    ...(e.max_age !== undefined ? { maximum_age: e.max_age } : {}),
  };
}
