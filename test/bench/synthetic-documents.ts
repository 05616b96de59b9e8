import { topLevelCodes } from '../../server/domain/directory/need-categories.ts';
import type { SearchDocument } from '../../server/search/engine.ts';

/** Need categories used for synthetic listings: every top-level code. */
export const SYNTHETIC_CATEGORIES = topLevelCodes;

const LANGUAGES = ['en', 'es', 'vi', 'zh', 'ar', 'ru', 'so', 'fr', 'ko', 'am'];
const LANGUAGE_WEIGHTS = [100, 55, 10, 9, 7, 6, 4, 4, 3, 3];
const COSTS = ['FREE', 'SLIDING_SCALE', 'FEE', 'INSURANCE'];

const CATEGORY_WORDS: Record<(typeof SYNTHETIC_CATEGORIES)[number], string[]> = {
  food: [
    'food',
    'pantry',
    'meals',
    'groceries',
    'nutrition',
    'snap',
    'wic',
    'soup',
    'kitchen',
    'produce',
  ],
  housing: [
    'housing',
    'shelter',
    'rent',
    'eviction',
    'rental',
    'homeless',
    'transitional',
    'motel',
    'deposit',
    'apartment',
  ],
  transportation: [
    'transportation',
    'bus',
    'rides',
    'transit',
    'vouchers',
    'medical',
    'appointments',
    'car',
    'repair',
    'van',
  ],
  'mental-health': [
    'counseling',
    'therapy',
    'crisis',
    'psychiatric',
    'depression',
    'anxiety',
    'support',
    'trauma',
    'peer',
    'wellness',
  ],
  'substance-use': [
    'recovery',
    'detox',
    'addiction',
    'treatment',
    'opioid',
    'alcohol',
    'sober',
    'naloxone',
    'harm',
    'reduction',
  ],
  health: [
    'clinic',
    'health',
    'dental',
    'vision',
    'primary',
    'care',
    'vaccines',
    'prescriptions',
    'screening',
    'medicaid',
  ],
  legal: [
    'legal',
    'attorney',
    'court',
    'tenant',
    'rights',
    'expungement',
    'advice',
    'lawyer',
    'protection',
    'orders',
  ],
  employment: [
    'employment',
    'jobs',
    'resume',
    'training',
    'career',
    'workforce',
    'interview',
    'apprenticeship',
    'ged',
    'coaching',
  ],
  utilities: [
    'utilities',
    'energy',
    'heating',
    'bill',
    'electric',
    'water',
    'weatherization',
    'liheap',
    'phone',
    'internet',
  ],
  family: [
    'family',
    'childcare',
    'parenting',
    'diapers',
    'youth',
    'children',
    'infant',
    'after',
    'school',
    'head',
  ],
  disability: [
    'disability',
    'accessible',
    'wheelchair',
    'independent',
    'living',
    'deaf',
    'blind',
    'adaptive',
    'benefits',
    'ssi',
  ],
  immigration: [
    'immigration',
    'refugee',
    'asylum',
    'citizenship',
    'daca',
    'interpretation',
    'esl',
    'resettlement',
    'visa',
    'naturalization',
  ],
};
const NAME_TAILS = [
  'Program',
  'Center',
  'Services',
  'Assistance',
  'Project',
  'Network',
  'Clinic',
  'Hub',
  'Initiative',
  'Outreach',
];
const ORG_WORDS = [
  'Community',
  'Catholic',
  'Charities',
  'Neighborhood',
  'United',
  'Hope',
  'Family',
  'Mile',
  'High',
  'Alliance',
  'Interfaith',
  'Coalition',
  'Urban',
  'League',
  'Salvation',
  'Housing',
  'Metro',
  'Front',
  'Range',
  'Valley',
  'Mercy',
  'Harvest',
  'Bridge',
  'House',
  'Partners',
];
const FILLER = [
  'provides',
  'offers',
  'helps',
  'residents',
  'low-income',
  'households',
  'seniors',
  'veterans',
  'walk-in',
  'appointment',
  'required',
  'call',
  'ahead',
  'eligible',
  'families',
  'individuals',
  'emergency',
  'free',
  'confidential',
  'bilingual',
  'staff',
  'available',
  'weekly',
  'monthly',
  'county',
  'city',
  'referral',
  'needed',
  'documents',
  'id',
  'proof',
  'address',
  'income',
  'assistance',
  'program',
  'services',
  'support',
  'local',
  'neighborhood',
  'access',
];

/** Region of the synthetic points: a metro area around Denver (about 110 × 130 km). */
export const SYNTHETIC_REGION = { minLat: 39.3, maxLat: 40.3, minLng: -105.5, maxLng: -104.0 };
const TIMEZONES = [
  'America/Denver',
  'America/Denver',
  'America/Denver',
  'America/Chicago',
  'America/Los_Angeles',
];

/** A deterministic PRNG (mulberry32) returning floats in [0, 1). */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from empty list');
  return item;
}

function sample<T>(random: () => number, items: readonly T[], count: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < count && pool.length > 0)
    out.push(pool.splice(Math.floor(random() * pool.length), 1)[0] as T);
  return out;
}

function weightedLanguages(random: () => number, count: number): string[] {
  const out = new Set<string>(['en']);
  const total = LANGUAGE_WEIGHTS.reduce((a, b) => a + b, 0);
  while (out.size < count) {
    let r = random() * total;
    for (let i = 0; i < LANGUAGES.length; i++) {
      r -= LANGUAGE_WEIGHTS[i] ?? 0;
      if (r <= 0) {
        out.add(LANGUAGES[i] ?? 'en');
        break;
      }
    }
  }
  return [...out];
}

function weeklyHours(random: () => number): Array<[number, number]> {
  const shape = random();
  if (shape < 0.05) return [[0, 10080]];
  if (shape < 0.1)
    return [0, 1, 2, 3, 4, 5, 6].map((d): [number, number] => [
      d * 1440 + 1140,
      d * 1440 + 1440 + 420,
    ]);
  const open = 7 * 60 + Math.floor(random() * 6) * 30;
  const close = open + 4 * 60 + Math.floor(random() * 9) * 30;
  const days =
    shape < 0.7
      ? [0, 1, 2, 3, 4]
      : sample(random, [0, 1, 2, 3, 4, 5, 6], 2 + Math.floor(random() * 4)).sort();
  return days.map((d): [number, number] => [d * 1440 + open, d * 1440 + close]);
}

/** Generates `n` synthetic search documents; the same seed always gives the same documents. */
export function generateSyntheticDocuments(n: number, seed = 42): SearchDocument[] {
  const random = createRandom(seed);
  const docs: SearchDocument[] = [];
  const orgCount = Math.max(1, Math.floor(n / 8));
  let serviceIndex = 0;
  let locationsLeft = 0;
  let service: {
    id: string;
    org: number;
    categories: string[];
    name: string;
    description: string;
    keywords: string[];
  } | null = null;
  const r = SYNTHETIC_REGION;
  for (let i = 0; i < n; i++) {
    if (service === null || locationsLeft === 0) {
      const categories = sample(random, SYNTHETIC_CATEGORIES, 2 + Math.floor(random() * 3));
      const main = CATEGORY_WORDS[categories[0] as (typeof SYNTHETIC_CATEGORIES)[number]];
      const words = categories.flatMap((c) =>
        sample(random, CATEGORY_WORDS[c as (typeof SYNTHETIC_CATEGORIES)[number]], 3),
      );
      const name =
        `${pick(random, main)} ${pick(random, main)} ${pick(random, NAME_TAILS)}`.replace(
          /^./,
          (c) => c.toUpperCase(),
        );
      const description = Array.from({ length: 18 + Math.floor(random() * 20) }, () =>
        random() < 0.4 ? pick(random, words) : pick(random, FILLER),
      ).join(' ');
      service = {
        id: `svc-${serviceIndex++}`,
        org: Math.floor(random() * orgCount),
        categories,
        name,
        description: `${description.charAt(0).toUpperCase()}${description.slice(1)}.`,
        keywords: sample(random, words, 3),
      };
      locationsLeft = random() < 0.8 ? 1 : 2 + Math.floor(random() * 3);
    }
    locationsLeft--;
    const siteless = random() < 0.03;
    const minAge = random() < 0.3 ? pick(random, [12, 16, 18, 21, 55, 60, 62, 65]) : null;
    const maxAge = random() < 0.15 ? pick(random, [17, 18, 21, 24, 25, 64]) : null;
    const hoursKnown = random() < 0.85;
    const weekly = hoursKnown ? weeklyHours(random) : [];
    docs.push({
      id: `sal-${i}`,
      serviceId: service.id,
      organizationId: `org-${service.org}`,
      locationId: siteless ? null : `loc-${i}`,
      name: service.name,
      description: service.description,
      organizationName: `${pick(random, ORG_WORDS)} ${pick(random, ORG_WORDS)} ${pick(random, ['Inc.', 'Foundation', 'Services', 'Center', 'Network'])}`,
      keywords: service.keywords,
      categories: service.categories,
      languages: weightedLanguages(random, 1 + Math.floor(random() * 3)),
      costs: random() < 0.6 ? ['FREE'] : sample(random, COSTS, 1 + Math.floor(random() * 2)),
      latitude: siteless ? null : r.minLat + random() * (r.maxLat - r.minLat),
      longitude: siteless ? null : r.minLng + random() * (r.maxLng - r.minLng),
      minAge,
      maxAge,
      incomeLimitFplPercent:
        random() < 0.35 ? pick(random, [100, 138, 150, 185, 200, 250, 300, 400]) : null,
      residency:
        random() < 0.4
          ? [`zip:80${String(200 + Math.floor(random() * 100))}`, 'state:CO']
          : random() < 0.5
            ? ['state:CO']
            : [],
      genders: random() < 0.08 ? [pick(random, ['female', 'male'])] : [],
      veteranOnly: random() < 0.04,
      acceptsReferrals: service.org % 4 === 0,
      timezone: pick(random, TIMEZONES),
      weeklyHours: weekly,
      hoursKnown,
      datedHours: random() < 0.05 ? [['2024-06-15', 600, 840]] : [],
      closedDates: random() < 0.1 ? ['2024-07-04', '2024-12-25'] : [],
      assuredAt:
        random() < 0.15
          ? null
          : Date.UTC(2021, 0, 1) + Math.floor(random() * 3.5 * 365 * 86_400_000),
      // From the slot, not `random()`, so every other field stays as it was generated before.
      ...syntheticCapacity(serviceIndex),
      payload: { url: `https://example.org/services/${service.id}`, phone: '555-0100' },
    });
  }
  return docs;
}

const CAPACITY_CYCLE = ['AVAILABLE', 'AVAILABLE', 'NO_CAPACITY', 'WAITLIST', 'ASSESSMENT_REQUIRED'];

/** Capacity for about half the services, expiring over 2024-06-07..13 (the bench's week). */
function syntheticCapacity(
  serviceIndex: number,
): Pick<SearchDocument, 'capacityStatus' | 'capacityExpiresAt'> {
  const k = (serviceIndex * 2_654_435_761) >>> 0;
  if (k % 10 >= 5) return { capacityStatus: null, capacityExpiresAt: null };
  return {
    capacityStatus: CAPACITY_CYCLE[k % CAPACITY_CYCLE.length] ?? null,
    capacityExpiresAt: Date.UTC(2024, 5, 7 + (k % 7), k % 24),
  };
}
