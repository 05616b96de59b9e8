import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { referralStatuses } from '../domain/referrals/state-machine.ts';
import { needCategory, needOf, referralStatusOf, taskStatus, urgencyOf } from './codes.ts';

const referralTaskStatuses = JSON.parse(
  readFileSync(
    new URL(
      '../../test/fixtures/fhir/sdohcc/ValueSet-SDOHCC-ValueSetReferralTaskStatus.json',
      import.meta.url,
    ),
    'utf8',
  ),
) as {
  compose: {
    include: Array<{ valueSet?: string[] }>;
    exclude: Array<{ concept: Array<{ code: string }> }>;
  };
};

describe('FHIR codes', () => {
  it('maps every referral status to a Task status the SDOHCC referral task value set allows, and back', () => {
    const excluded = referralTaskStatuses.compose.exclude.flatMap((e) =>
      e.concept.map((c) => c.code),
    );
    expect(excluded).toEqual(['ready', 'received']);
    for (const status of referralStatuses) {
      const code = taskStatus(status);
      expect(excluded).not.toContain(code);
      expect(referralStatusOf(code)).toBe(status);
    }
    expect(referralStatusOf('entered-in-error')).toBeNull();
  });

  it('reads SDOHCC categories and Wayfinder needs, and writes both', () => {
    const system =
      'http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes';
    expect(needOf({ system, code: 'food-insecurity' })).toBe('food');
    expect(needOf({ system, code: 'homelessness' })).toBe('housing');
    expect(needOf({ system, code: 'veteran-status' })).toBeNull();
    expect(needOf({ system: 'http://example.org', code: 'food' })).toBeNull();
    expect(needCategory('legal')).toEqual({
      coding: [
        { system: 'https://wayfinder.invalid/fhir/CodeSystem/need-category', code: 'legal' },
      ],
    });
    expect(urgencyOf('asap')).toBe('URGENT');
    expect(urgencyOf('stat')).toBe('EMERGENCY');
    expect(urgencyOf('soon')).toBeNull();
  });
});
