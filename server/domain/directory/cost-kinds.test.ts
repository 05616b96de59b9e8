import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { costKinds, feeTextKinds } from './cost-kinds.ts';
import { type CostKind, costOptionSchema } from './records.ts';

/** Fee texts as 211 listings write them (San Mateo County 211, 2013), and how a client pays. */
const realFeeTexts: ReadonlyArray<readonly [string, CostKind[]]> = [
  ['None', ['FREE']],
  ['None.', ['FREE']],
  ['No fees', ['FREE']],
  ['Free of charge.', ['FREE']],
  ['None. Donations welcome', ['FREE']],
  ['None, but donations welcome. Cash and checks accepted', ['FREE']],
  ['No fees. Donation of $2 requested at each monthly meeting', ['FREE']],
  ['None. Cash, checks and credit cards accepted', ['FREE']],
  ['None. All services free of charge. Donations welcome.', ['FREE']],
  ['No charge to clients', ['FREE']],
  ['None for most services', ['FREE']],
  ['Most services are free. Cash and checks accepted', ['FREE']],
  ['None. Medi-Cal and Medicare accepted', ['FREE', 'INSURANCE']],
  ['Vary according to income', ['SLIDING_SCALE']],
  ['Sliding fee scale based on income', ['SLIDING_SCALE']],
  ['Sliding scale fees', ['SLIDING_SCALE']],
  [
    'Vary according to income and service. No one will be denied service for inability to pay. Cash and checks accepted',
    ['SLIDING_SCALE'],
  ],
  [
    'Vary according to income. Cash, checks, Medi-Cal, Medicare and private insurance accepted',
    ['SLIDING_SCALE', 'INSURANCE'],
  ],
  [
    'Vary according to income and service. No charge for children. No one denied service for inability to pay. Cash accepted',
    ['FREE', 'SLIDING_SCALE'],
  ],
  ['Vary', ['FEE']],
  ['Vary according to service. Cash, checks and credit cards accepted', ['FEE']],
  ['$40 per year', ['FEE']],
  ['$.50 per day for overdue items. Cash and checks accepted', ['FEE']],
  ['Dues are $90 per year', ['FEE']],
  ['$180 conference fee', ['FEE']],
  ['Cash, checks and credit cards accepted', ['FEE']],
  [
    'Vary according to service. Cash, Medi-Cal, Medicare, military insurance and private insurance accepted',
    ['FEE', 'INSURANCE'],
  ],
  // Free beside a fee only where the text says which part is free and which costs.
  ['None except for overdue and lost items. Cash and checks accepted', ['FREE', 'FEE']],
  ['None for services. Tuition fee $26 per unit if state resident', ['FREE', 'FEE']],
  [
    'Admission is $5 for adults; $4 for seniors age 62 or over; free for youth age 18 or under',
    ['FREE', 'FEE'],
  ],
  ['No fee for veterans. $250 per day for non-veterans. Checks accepted', ['FREE', 'FEE']],
  ['None, except nominal charges for classes and lunches.', ['FREE', 'FEE']],
  ['Call for information', []],
  ['Scholarships available', []],
];

describe('feeTextKinds', () => {
  it.each(realFeeTexts)('reads %j', (text, kinds) => {
    expect(feeTextKinds(text)).toEqual(kinds);
  });

  it('reads the demo directory’s fee texts', () => {
    expect(feeTextKinds('Free of charge.')).toEqual(['FREE']);
    expect(feeTextKinds('No cost to participants.')).toEqual(['FREE']);
    expect(
      feeTextKinds(
        'Insurance accepted, including Health First Colorado (Medicaid) and Medicare. Sliding fee scale based on income; no one is turned away for inability to pay.',
      ),
    ).toEqual(['SLIDING_SCALE', 'INSURANCE']);
    expect(feeTextKinds('$45 per household for the eight-hour class; counseling is free.')).toEqual(
      ['FREE', 'FEE'],
    );
  });

  const smc = new URL('../../../../shared/data/smc-ohana-2013/organizations.json', import.meta.url);
  it.skipIf(!existsSync(smc))(
    'never reads one clause of a real fee text as both free and paid',
    () => {
      const texts = new Set<string>();
      const collect = (value: unknown): void => {
        if (Array.isArray(value)) value.forEach(collect);
        else if (value !== null && typeof value === 'object') {
          for (const [key, v] of Object.entries(value)) {
            if (key === 'fees' && typeof v === 'string' && v.trim()) texts.add(v.trim());
            else collect(v);
          }
        }
      };
      for (const line of readFileSync(smc, 'utf8').split('\n')) {
        if (line.trim()) collect(JSON.parse(line));
      }
      expect(texts.size).toBeGreaterThan(500);
      const oneClause = [...texts].filter((t) => !/[;.,:]\s|\b(but|except|for|if)\b/i.test(t));
      const contradictions = oneClause.filter((t) => {
        const kinds = feeTextKinds(t);
        return kinds.includes('FREE') && kinds.includes('FEE');
      });
      expect(contradictions).toEqual([]);
      const slidingWithFee = [...texts].filter((t) => {
        const kinds = feeTextKinds(t);
        return /^(sliding|vary according to income)[^.;]*\.?$/i.test(t) && kinds.includes('FEE');
      });
      expect(slidingWithFee).toEqual([]);
    },
  );
});

describe('costKinds', () => {
  const opt = (o: Record<string, unknown>) => costOptionSchema.parse({ id: 'c', ...o });

  it('reads cost options', () => {
    expect(costKinds({ cost_options: [opt({ amount: 0 })], fees_description: null })).toEqual([
      'FREE',
    ]);
    expect(costKinds({ cost_options: [opt({ amount: 25, option: 'Intake' })] })).toEqual(['FEE']);
    expect(
      costKinds({
        cost_options: [opt({ option: 'Medicaid accepted' }), opt({ option: 'Sliding scale' })],
      }),
    ).toEqual(['SLIDING_SCALE', 'INSURANCE']);
  });

  it('merges cost options with the fees text', () => {
    expect(
      costKinds({
        cost_options: [opt({ option: 'Free', amount: 0 })],
        fees_description: 'Free of charge.',
      }),
    ).toEqual(['FREE']);
    expect(
      costKinds({
        cost_options: [opt({ option: 'Sliding scale', amount_description: '$5–$45 per visit' })],
        fees_description: 'Sliding fee scale based on income',
      }),
    ).toEqual(['SLIDING_SCALE']);
    expect(
      costKinds({
        cost_options: [],
        fees_description: '$10 per visit; Medicare and insurance accepted',
      }),
    ).toEqual(['FEE', 'INSURANCE']);
    expect(costKinds({ cost_options: [], fees_description: 'Call for details' })).toEqual([]);
    expect(costKinds({ cost_options: [] })).toEqual([]);
  });
});
