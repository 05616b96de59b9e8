import type { TopLevelCode } from './need-categories.ts';

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
