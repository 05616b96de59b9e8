import { uuidv5 } from './ids.ts';
import type { Taxonomy, TaxonomyTerm } from './records.ts';

/**
 * Wayfinder's need taxonomy: twelve top-level needs (a public API contract, never rename one)
 * with a few children each. Codes are dotted (`food.pantry`); synonyms feed search and the
 * free-text heuristic. Other taxonomies (AIRS/211) map onto the top levels below.
 */

/** The top-level need codes; part of the public API. */
export const topLevelCodes = [
  'food',
  'housing',
  'transportation',
  'mental-health',
  'substance-use',
  'health',
  'legal',
  'employment',
  'utilities',
  'family',
  'disability',
  'immigration',
] as const;
/** A top-level need code such as `food`. */
export type TopLevelCode = (typeof topLevelCodes)[number];

/** One node of the need tree. */
export type NeedCategory = {
  code: string;
  name: string;
  synonyms: readonly string[];
  children: readonly NeedCategory[];
};

function leaf(code: string, name: string, synonyms: string[]): NeedCategory {
  return { code, name, synonyms, children: [] };
}

/** The need tree, top levels in display order. */
export const needCategories: readonly NeedCategory[] = [
  {
    code: 'food',
    name: 'Food',
    synonyms: ['groceries', 'pantry', 'meals', 'SNAP', 'food stamps', 'WIC', 'hunger', 'nutrition'],
    children: [
      leaf('food.pantry', 'Food pantries', [
        'food bank',
        'food box',
        'emergency food',
        'groceries',
      ]),
      leaf('food.meals', 'Free meals', [
        'soup kitchen',
        'hot meals',
        'congregate meals',
        'meals on wheels',
      ]),
      leaf('food.benefits', 'Food benefits', ['SNAP', 'food stamps', 'EBT', 'WIC']),
      leaf('food.baby', 'Baby food and formula', ['formula', 'infant formula', 'baby food']),
    ],
  },
  {
    code: 'housing',
    name: 'Housing',
    synonyms: ['shelter', 'rent', 'homeless', 'homelessness', 'eviction', 'apartment', 'landlord'],
    children: [
      leaf('housing.shelter', 'Emergency shelter', [
        'homeless shelter',
        'emergency housing',
        'beds',
        'warming center',
      ]),
      leaf('housing.transitional', 'Transitional and supportive housing', [
        'transitional housing',
        'supportive housing',
        'group home',
      ]),
      leaf('housing.rent-assistance', 'Rent assistance', [
        'rent help',
        'rental assistance',
        'back rent',
        'security deposit',
      ]),
      leaf('housing.affordable', 'Affordable housing', [
        'low income housing',
        'section 8',
        'public housing',
        'housing voucher',
      ]),
      leaf('housing.eviction-prevention', 'Eviction prevention', [
        'eviction',
        'foreclosure',
        'mortgage help',
      ]),
      leaf('housing.repairs', 'Home repairs', [
        'home repair',
        'weatherization',
        'accessibility modifications',
      ]),
    ],
  },
  {
    code: 'transportation',
    name: 'Transportation',
    synonyms: ['bus pass', 'rides', 'transit', 'bus', 'gas card', 'paratransit'],
    children: [
      leaf('transportation.medical-rides', 'Rides to medical appointments', [
        'medical transportation',
        'NEMT',
        'medical rides',
      ]),
      leaf('transportation.transit-fares', 'Transit fares', [
        'bus pass',
        'bus tickets',
        'reduced fare',
        'gas card',
      ]),
      leaf('transportation.paratransit', 'Paratransit', [
        'disability transportation',
        'dial-a-ride',
      ]),
      leaf('transportation.vehicle', 'Car repair and vehicles', [
        'car repair',
        'auto repair',
        'vehicle',
      ]),
    ],
  },
  {
    code: 'mental-health',
    name: 'Mental health',
    synonyms: [
      'counseling',
      'therapy',
      'crisis',
      'depression',
      'anxiety',
      'psychiatric',
      'suicide',
    ],
    children: [
      leaf('mental-health.counseling', 'Counseling and therapy', [
        'counseling',
        'therapy',
        'therapist',
        'psychotherapy',
      ]),
      leaf('mental-health.crisis', 'Crisis support', [
        'crisis line',
        'hotline',
        'suicide prevention',
        '988',
      ]),
      leaf('mental-health.psychiatry', 'Psychiatric care', [
        'psychiatrist',
        'psychiatric medication',
        'inpatient psychiatric',
      ]),
      leaf('mental-health.support-groups', 'Support groups', [
        'peer support',
        'support group',
        'grief',
      ]),
    ],
  },
  {
    code: 'substance-use',
    name: 'Substance use',
    synonyms: ['addiction', 'recovery', 'detox', 'alcohol', 'drugs', 'opioid', 'rehab'],
    children: [
      leaf('substance-use.detox', 'Detox', ['detoxification', 'withdrawal management']),
      leaf('substance-use.treatment', 'Treatment programs', [
        'rehab',
        'residential treatment',
        'outpatient treatment',
        'MAT',
        'methadone',
      ]),
      leaf('substance-use.recovery-support', 'Recovery support', [
        'AA',
        'NA',
        'sober living',
        '12-step',
      ]),
      leaf('substance-use.harm-reduction', 'Harm reduction', [
        'naloxone',
        'narcan',
        'syringe exchange',
      ]),
    ],
  },
  {
    code: 'health',
    name: 'Health care',
    synonyms: [
      'clinic',
      'doctor',
      'medical',
      'dental',
      'health insurance',
      'Medicaid',
      'prescriptions',
    ],
    children: [
      leaf('health.primary-care', 'Primary care', [
        'clinic',
        'doctor',
        'community health center',
        'check-up',
      ]),
      leaf('health.dental', 'Dental care', ['dentist', 'dental']),
      leaf('health.vision', 'Vision care', ['eye exam', 'glasses', 'optometrist']),
      leaf('health.prescriptions', 'Prescriptions', [
        'pharmacy',
        'medication',
        'prescription assistance',
      ]),
      leaf('health.insurance', 'Health insurance', [
        'Medicaid',
        'Medicare',
        'CHIP',
        'health coverage',
      ]),
      leaf('health.reproductive', 'Reproductive and maternal health', [
        'family planning',
        'prenatal',
        'pregnancy',
      ]),
    ],
  },
  {
    code: 'legal',
    name: 'Legal help',
    synonyms: ['lawyer', 'attorney', 'legal aid', 'eviction', 'court', 'expungement'],
    children: [
      leaf('legal.aid', 'Legal aid', [
        'free lawyer',
        'legal representation',
        'legal advice',
        'pro bono',
      ]),
      leaf('legal.eviction-defense', 'Eviction defense', [
        'eviction',
        'tenant rights',
        'housing court',
      ]),
      leaf('legal.family-law', 'Family law', [
        'divorce',
        'custody',
        'child support',
        'protective order',
      ]),
      leaf('legal.reentry', 'Reentry and records', [
        'expungement',
        'record sealing',
        'reentry',
        'ex-offender',
      ]),
      leaf('legal.victim-services', 'Crime victim services', [
        'victim advocate',
        'victim compensation',
        'domestic violence',
      ]),
    ],
  },
  {
    code: 'employment',
    name: 'Employment',
    synonyms: ['job', 'jobs', 'work', 'career', 'resume', 'job training', 'unemployment'],
    children: [
      leaf('employment.job-search', 'Job search', [
        'job placement',
        'resume help',
        'career center',
      ]),
      leaf('employment.training', 'Job training', [
        'vocational training',
        'apprenticeship',
        'workforce development',
      ]),
      leaf('employment.vocational-rehab', 'Vocational rehabilitation', [
        'supported employment',
        'disability employment',
      ]),
      leaf('employment.unemployment-benefits', 'Unemployment benefits', [
        'unemployment insurance',
        'UI claim',
      ]),
    ],
  },
  {
    code: 'utilities',
    name: 'Utilities',
    synonyms: [
      'electric bill',
      'power bill',
      'water bill',
      'gas bill',
      'LIHEAP',
      'shutoff',
      'phone service',
    ],
    children: [
      leaf('utilities.bill-assistance', 'Utility bill assistance', [
        'LIHEAP',
        'electric bill',
        'energy assistance',
      ]),
      leaf('utilities.shutoff-protection', 'Shutoff protection', [
        'disconnection',
        'shutoff',
        'reconnection',
      ]),
      leaf('utilities.phone-internet', 'Phone and internet', [
        'lifeline phone',
        'internet',
        'broadband',
      ]),
    ],
  },
  {
    code: 'family',
    name: 'Family and children',
    synonyms: [
      'child care',
      'daycare',
      'parenting',
      'diapers',
      'kids',
      'youth',
      'domestic violence',
    ],
    children: [
      leaf('family.child-care', 'Child care', [
        'daycare',
        'childcare',
        'after school',
        'preschool',
      ]),
      leaf('family.parenting', 'Parenting support', [
        'parenting classes',
        'new parents',
        'home visiting',
      ]),
      leaf('family.baby-supplies', 'Baby supplies', ['diapers', 'cribs', 'car seats']),
      leaf('family.youth', 'Youth programs', ['youth development', 'mentoring', 'teens']),
      leaf('family.domestic-violence', 'Domestic violence support', [
        'domestic violence',
        'abuse',
        'safe house',
      ]),
    ],
  },
  {
    code: 'disability',
    name: 'Disability services',
    synonyms: [
      'disabilities',
      'disabled',
      'special needs',
      'accessibility',
      'deaf',
      'blind',
      'wheelchair',
    ],
    children: [
      leaf('disability.independent-living', 'Independent living', [
        'independent living',
        'attendant care',
        'personal care',
      ]),
      leaf('disability.assistive-technology', 'Assistive technology', [
        'wheelchair',
        'hearing aids',
        'medical equipment',
      ]),
      leaf('disability.benefits', 'Disability benefits', ['SSI', 'SSDI', 'disability benefits']),
      leaf('disability.developmental', 'Developmental disabilities', [
        'autism',
        'intellectual disability',
        'early intervention',
      ]),
    ],
  },
  {
    code: 'immigration',
    name: 'Immigration',
    synonyms: [
      'immigrant',
      'refugee',
      'asylum',
      'citizenship',
      'naturalization',
      'green card',
      'DACA',
      'visa',
    ],
    children: [
      leaf('immigration.legal', 'Immigration legal help', [
        'immigration lawyer',
        'asylum',
        'deportation defense',
        'DACA',
      ]),
      leaf('immigration.citizenship', 'Citizenship', [
        'naturalization',
        'citizenship classes',
        'green card',
      ]),
      leaf('immigration.refugee-services', 'Refugee services', [
        'refugee resettlement',
        'asylee',
        'newcomer',
      ]),
      leaf('immigration.english-classes', 'English classes', [
        'ESL',
        'ESOL',
        'English as a second language',
      ]),
    ],
  },
];

const byCode = new Map<string, NeedCategory>();
for (const top of needCategories) {
  byCode.set(top.code, top);
  for (const child of top.children) byCode.set(child.code, child);
}

/** True when `code` is one of our need codes (top level or child). */
export function isCategoryCode(code: string): boolean {
  return byCode.has(code);
}

/** True when `code` is one of the twelve top-level codes. */
export function isTopLevelCode(code: string): code is TopLevelCode {
  return (topLevelCodes as readonly string[]).includes(code);
}

/** The top-level code of a need code (`food.pantry` → `food`); null when it is not ours. */
export function topLevelCode(code: string): TopLevelCode | null {
  if (!byCode.has(code)) return null;
  const top = code.split('.')[0] ?? '';
  return isTopLevelCode(top) ? top : null;
}

/** The display name of a need code; null when it is not ours. */
export function categoryName(code: string): string | null {
  return byCode.get(code)?.name ?? null;
}

/** Synonyms of a need code; for a top level, also its children's names and synonyms. Unique, in tree order. */
export function synonymsFor(code: string): string[] {
  const node = byCode.get(code);
  if (!node) return [];
  const all = [...node.synonyms];
  for (const child of node.children) all.push(child.name, ...child.synonyms);
  const seen = new Set<string>();
  return all.filter((s) => {
    const key = s.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The name of our taxonomy as HSDS `taxonomy_term.taxonomy` / `taxonomy.name` carry it. */
export const WAYFINDER_TAXONOMY_NAME = 'wayfinder';

/** The id of our taxonomy record; fixed so every install and import agrees. */
export const wayfinderTaxonomyId = uuidv5('taxonomy:wayfinder');

/** The deterministic id of our taxonomy term for `code`. */
export function taxonomyTermId(code: string): string {
  return uuidv5(`taxonomy:wayfinder:term:${code}`);
}

/** Our need tree as HSDS taxonomy + taxonomy_term records with deterministic UUIDv5 ids. */
export function taxonomyRecords(): { taxonomy: Taxonomy; terms: TaxonomyTerm[] } {
  const taxonomy: Taxonomy = {
    id: wayfinderTaxonomyId,
    name: WAYFINDER_TAXONOMY_NAME,
    description: 'Wayfinder need categories: twelve top-level needs with more specific children.',
    uri: null,
    version: '1',
  };
  const terms: TaxonomyTerm[] = [];
  for (const top of needCategories) {
    const parentId = taxonomyTermId(top.code);
    terms.push(termRecord(top, null));
    for (const child of top.children) terms.push(termRecord(child, parentId, top.code));
  }
  return { taxonomy, terms };
}

function termRecord(node: NeedCategory, parentId: string | null, top = node.code): TaxonomyTerm {
  return {
    id: taxonomyTermId(node.code),
    code: node.code,
    name: node.name,
    description: node.synonyms.length > 0 ? `Also: ${node.synonyms.join(', ')}` : '',
    parent_id: parentId,
    taxonomy_id: wayfinderTaxonomyId,
    language: 'en',
    term_uri: null,
    category: top,
  };
}

/**
 * AIRS / 211 LA taxonomy code prefixes → our top levels; the longest matching prefix wins, and a
 * `null` entry deliberately unmaps a narrower code inside a mapped branch. Codes look like
 * `BD-1800.2000-640`. Branches with no need of ours (H Education, T Organizational, most of D, J
 * and P) stay unmapped. Y (target populations) describes who a service is for, not what it
 * does, so only the disability and immigrant groups map: tagging every service "for older
 * adults" with a need would pollute the category facet.
 */
const airsPrefixes: ReadonlyArray<readonly [string, TopLevelCode | null]> = [
  // B Basic Needs
  ['BD', 'food'], // BD-1800 Emergency Food, BD-5000 Meals
  ['BH', 'housing'], // BH-1800 Emergency Shelter, BH-3800 Housing Expense Assistance, BH-8600 Transitional
  ['BT', 'transportation'],
  ['BV', 'utilities'], // BV-8900 Utility Assistance
  // D Consumer Services: only mortgage delinquency counseling is a need of ours.
  ['DM-1800', 'housing'],
  ['DD-1500.9650', 'utilities'], // Utility Service Complaints
  // F Criminal Justice and Legal Services
  ['F', 'legal'],
  ['FT-3500', 'immigration'], // Citizenship and Immigration Services Offices
  ['FT-3600', 'immigration'], // Immigration/Naturalization Legal Services
  ['FT-1000.3300', 'immigration'], // Immigrant Benefits Assistance
  // H Education
  ['HD-1800', 'family'], // Early Childhood Education
  ['HH-9000', 'employment'], // Vocational Education
  // J Environment and Public Health/Safety
  ['JP', 'health'], // Public Health
  // L Health Care
  ['L', 'health'],
  ['LR-1700', 'disability'], // Early Intervention for Children With Disabilities/Delays
  ['LR-3100', 'disability'], // Developmental Disabilities programs
  ['LR-3200', 'disability'], // Independent Living Skills Instruction
  ['LH-0600', 'disability'], // Assistive Technology Equipment
  // N Income Support and Employment
  ['ND', 'employment'],
  ['ND-9000', 'disability'], // Vocational Rehabilitation
  ['NL-6000', 'food'], // Food Stamps/SNAP, WIC
  ['NL-1000.7000', 'immigration'], // Refugee/Entrant Cash Assistance
  ['NS-1800', 'disability'], // Disability Benefits
  ['NS-8000', 'health'], // Social Health Insurance (Medicare)
  // P Individual and Family Life
  ['PH-0500', 'disability'], // Attendant Services for People With Disabilities
  ['PH-1250', 'family'], // Child Care Providers
  ['PH-1450.7000', 'immigration'], // Refugee Resettlement Services
  ['PH-6100', 'family'], // Parenting Education
  ['PN-8100', 'mental-health'], // Support Groups
  ['PS-9800', 'family'], // Youth Development
  // R Mental Health Care and Counseling; RX is substance use disorder services.
  ['R', 'mental-health'],
  ['RX', 'substance-use'],
  // Y Target Populations (see above)
  ['YE', 'immigration'], // Immigrants, Refugees, Citizenship Applicants, Undocumented People
  ['YF', 'disability'], // Disabilities and Health Conditions…
  ['YF-2000', null], // …but Frail Elderly,
  ['YF-3000', 'health'], // Health Conditions,
  ['YF-3300', null], // Home/Community Care Recipients,
  ['YF-3400', null], // Homebound,
  ['YF-5000', 'mental-health'], // Mental Illness/Emotional Disabilities,
  ['YF-8000', 'substance-use'], // Substance Use Disorders,
  ['YF-8500', 'health'], // Terminal Illness are not disabilities.
];

const airsByPrefix = new Map(airsPrefixes);
const AIRS_CODE = /^[A-Z]{1,2}(-\d[\d.-]*)?$/;

/** True when `code` is shaped like an AIRS/211 LA taxonomy code (`B`, `BD`, `BD-1800.2000-640`). */
export function isAirsCode(code: string): boolean {
  return AIRS_CODE.test(code.trim().toUpperCase());
}

/** Maps an AIRS/211 taxonomy code (`BD-1800.2000`) to our top level by longest prefix; null when unmapped or not AIRS. */
export function categoryForAirsCode(code: string): TopLevelCode | null {
  const normalized = code.trim().toUpperCase();
  if (!AIRS_CODE.test(normalized)) return null;
  // Candidates in decreasing specificity: the full code, then each shorter segment boundary.
  const cuts = [normalized];
  for (let i = normalized.length - 1; i > 0; i--) {
    const ch = normalized[i];
    if (ch === '.' || ch === '-') cuts.push(normalized.slice(0, i));
  }
  cuts.push(normalized.slice(0, 2), normalized.slice(0, 1));
  for (const cut of cuts) {
    if (airsByPrefix.has(cut)) return airsByPrefix.get(cut) ?? null;
  }
  return null;
}

/**
 * Free-text keyword rules for term names (Ohana keywords, unknown vocabularies). Checked in
 * order, so narrower needs (substance use, immigration, utilities) win over broad ones.
 */
const textRules: ReadonlyArray<readonly [RegExp, TopLevelCode]> = [
  [
    /\b(substance|addiction|alcohol|drug (abuse|treatment|use)|detox|opioid|sober|recovery)/i,
    'substance-use',
  ],
  [
    /\b(immigra|refugee|asylum|citizenship|naturali[sz]ation|green card|visa|daca|esl\b|esol\b)/i,
    'immigration',
  ],
  [/\b(utilit|electric|liheap|energy assistance|water bill|gas bill|shut-?off)/i, 'utilities'],
  [/\b(evict|legal|lawyer|attorney|court|expunge|law\b)/i, 'legal'],
  [
    /\b(mental|counsel|therap|psychi|crisis|suicide|depress|anxiety|behavioral health)/i,
    'mental-health',
  ],
  [
    /\b(food|meal|pantr|grocer|snap\b|wic\b|nutrition|hunger|soup kitchen|farmers'? market)/i,
    'food',
  ],
  [/\b(housing|shelter|homeless|rent\b|rental|landlord|tenant)/i, 'housing'],
  [/\b(transport|bus\b|transit|rides?\b|paratransit|taxi)/i, 'transportation'],
  [/\b(employ|jobs?\b|career|vocation|resume|workforce|job training)/i, 'employment'],
  [/\b(disabilit|disabled|deaf|blind|wheelchair|special needs|autism)/i, 'disability'],
  [/\b(child ?care|day ?care|parent|famil|youth|infant|baby|diaper|domestic violence)/i, 'family'],
  [
    /\b(health|medical|clinic|dental|dentist|doctor|hospital|medicaid|medicare|prescription|pharmac|vision|immuni[sz])/i,
    'health',
  ],
];

/** Guesses a top-level need from a free-text term name by keywords; null when nothing matches. */
export function categoryForText(name: string): TopLevelCode | null {
  const trimmed = name.trim();
  if (!trimmed) return null;
  const lower = trimmed.toLowerCase();
  // An exact code, name or synonym of ours is the strongest signal.
  for (const top of needCategories) {
    const top_ = isTopLevelCode(top.code) ? top.code : null;
    if (!top_) continue;
    if (lower === top.code || lower === top.name.toLowerCase()) return top_;
    if (top.synonyms.some((s) => s.toLowerCase() === lower)) return top_;
    for (const child of top.children) {
      if (lower === child.code || lower === child.name.toLowerCase()) return top_;
    }
  }
  for (const [pattern, code] of textRules) if (pattern.test(trimmed)) return code;
  return null;
}
