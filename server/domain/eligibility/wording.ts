import type { Gender } from '../directory/records.ts';
import { joinList } from './residency.ts';

/** "ages 18–64", "ages 18 and over", "ages 17 and under", "age 5 only"; "" when unrestricted. */
export function describeAges(minAge: number | null, maxAge: number | null): string {
  if (minAge !== null && maxAge !== null) {
    return minAge === maxAge ? `age ${minAge} only` : `ages ${minAge}–${maxAge}`;
  }
  if (minAge !== null) return `ages ${minAge} and over`;
  if (maxAge !== null) return `ages ${maxAge} and under`;
  return '';
}

const genderNouns: Record<Gender, string> = {
  female: 'women',
  male: 'men',
  nonbinary: 'nonbinary people',
};

/** "women", "women and nonbinary people"; unknown values are shown as given. */
export function describeGenders(genders: readonly string[]): string {
  return joinList(
    genders.map((g) => (g in genderNouns ? genderNouns[g as Gender] : g)),
    'and',
  );
}
