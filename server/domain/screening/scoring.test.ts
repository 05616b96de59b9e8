import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors.ts';
import { ahcHrsn, type ItemAnswer, loadInstrument, validateAnswers } from './instrument.ts';
import { answerChanges, scoreScreening } from './scoring.ts';

const NEVER = 'LA6270-8';
const RARELY = 'LA10066-1';
const SOMETIMES = 'LA10082-8';
const FAIRLY_OFTEN = 'LA16644-9';
const FREQUENTLY = 'LA6482-9';

/** A screening with no need at all; override items by LOINC code. */
function answers(overrides: Record<string, string[]> = {}): ItemAnswer[] {
  const base: Record<string, string[]> = {
    '71802-3': ['LA31993-1'],
    '96778-6': ['LA9-3'],
    '88122-7': ['LA28398-8'],
    '88123-5': ['LA28398-8'],
    '93030-5': ['LA32-8'],
    '96779-4': ['LA32-8'],
    '95618-5': [NEVER],
    '95617-7': [NEVER],
    '95616-9': [NEVER],
    '95615-1': [NEVER],
  };
  return Object.entries({ ...base, ...overrides }).map(([item, chosen]) => ({
    item,
    answers: chosen,
  }));
}

const score = (overrides: Record<string, string[]> = {}) =>
  scoreScreening(ahcHrsn, validateAnswers(ahcHrsn, answers(overrides)));

describe('the AHC HRSN definition', () => {
  it('has the ten coded items in five sections and the published LOINC codes', () => {
    expect(ahcHrsn.loinc).toBe('96777-8');
    expect(ahcHrsn.sections.map((s) => s.id)).toEqual([
      'living-situation',
      'food',
      'transportation',
      'utilities',
      'safety',
    ]);
    expect(ahcHrsn.items.map((i) => i.loinc)).toEqual([
      '71802-3',
      '96778-6',
      '88122-7',
      '88123-5',
      '93030-5',
      '96779-4',
      '95618-5',
      '95617-7',
      '95616-9',
      '95615-1',
    ]);
    expect(ahcHrsn.items.map((i) => i.section)).toEqual([
      'living-situation',
      'living-situation',
      'food',
      'food',
      'transportation',
      'utilities',
      'safety',
      'safety',
      'safety',
      'safety',
    ]);
    const safety = ahcHrsn.scoring.find((r) => r.domain === 'interpersonal-safety');
    expect(safety).toMatchObject({ rule: 'score-at-least', atLeast: 11, totalLoinc: '95614-4' });
  });

  it('words every item and answer in English and Spanish', () => {
    for (const item of ahcHrsn.items) {
      expect(item.text.es).not.toBe(item.text.en);
      for (const answer of item.answers) expect(answer.text.es.length).toBeGreaterThan(0);
    }
  });

  it('gives the answer codes of the LOINC answer lists', () => {
    const codes = (loinc: string) =>
      ahcHrsn.items.find((i) => i.loinc === loinc)?.answers.map((a) => a.code);
    expect(codes('71802-3')).toEqual(['LA31993-1', 'LA31994-9', 'LA31995-6']);
    expect(codes('96778-6')).toEqual([
      'LA31996-4',
      'LA28580-1',
      'LA31997-2',
      'LA31998-0',
      'LA31999-8',
      'LA32000-4',
      'LA32001-2',
      'LA9-3',
    ]);
    expect(codes('88122-7')).toEqual(['LA28397-0', 'LA6729-3', 'LA28398-8']);
    expect(codes('93030-5')).toEqual(['LA33-6', 'LA32-8']);
    expect(codes('96779-4')).toEqual(['LA33-6', 'LA32-8', 'LA32002-0']);
    expect(codes('95618-5')).toEqual([NEVER, RARELY, SOMETIMES, FAIRLY_OFTEN, FREQUENTLY]);
    expect(ahcHrsn.items[6]?.answers.map((a) => a.score)).toEqual([1, 2, 3, 4, 5]);
  });

  it('refuses a definition whose rule names an answer the item does not have', () => {
    const broken = structuredClone(ahcHrsn);
    const rule = broken.scoring[0];
    if (rule?.rule === 'any-answer') rule.answers.push('LA99999-9');
    expect(() => loadInstrument(broken)).toThrow(/LA99999-9 is not an answer to 71802-3/);
  });

  it('refuses a definition with an unknown need domain or a missing score', () => {
    const unknownDomain = structuredClone(ahcHrsn) as unknown as {
      scoring: Array<{ domain: string }>;
    };
    if (unknownDomain.scoring[0]) unknownDomain.scoring[0].domain = 'weather';
    expect(() => loadInstrument(unknownDomain)).toThrow(/not valid/);
    const noScore = structuredClone(ahcHrsn);
    const hurt = noScore.items[6]?.answers[0];
    if (hurt) delete hurt.score;
    expect(() => loadInstrument(noScore)).toThrow(/needs a score/);
  });
});

describe('scoring', () => {
  it('finds nothing when every answer is the no-need one', () => {
    expect(score()).toEqual({ positiveDomains: [], safetyTotal: 4, attention: [] });
  });

  it('housing instability: worried about losing it, or no steady place', () => {
    expect(score({ '71802-3': ['LA31994-9'] }).positiveDomains).toEqual(['housing-instability']);
    expect(score({ '71802-3': ['LA31995-6'] }).positiveDomains).toEqual(['housing-instability']);
    expect(score({ '71802-3': ['LA31993-1'] }).positiveDomains).toEqual([]);
  });

  it('housing quality: any problem, but not "none of the above"', () => {
    for (const code of ['LA31996-4', 'LA28580-1', 'LA31997-2', 'LA31998-0', 'LA31999-8']) {
      expect(score({ '96778-6': [code] }).positiveDomains).toEqual(['inadequate-housing']);
    }
    expect(score({ '96778-6': ['LA32000-4', 'LA32001-2'] }).positiveDomains).toEqual([
      'inadequate-housing',
    ]);
    expect(score({ '96778-6': ['LA9-3'] }).positiveDomains).toEqual([]);
  });

  it('food: often or sometimes true on either item', () => {
    expect(score({ '88122-7': ['LA28397-0'] }).positiveDomains).toEqual(['food-insecurity']);
    expect(score({ '88122-7': ['LA6729-3'] }).positiveDomains).toEqual(['food-insecurity']);
    expect(score({ '88123-5': ['LA6729-3'] }).positiveDomains).toEqual(['food-insecurity']);
    expect(score({ '88123-5': ['LA28397-0'] }).positiveDomains).toEqual(['food-insecurity']);
    expect(score({ '88122-7': ['LA28398-8'], '88123-5': ['LA28398-8'] }).positiveDomains).toEqual(
      [],
    );
  });

  it('transportation: yes', () => {
    expect(score({ '93030-5': ['LA33-6'] }).positiveDomains).toEqual(['transportation-insecurity']);
    expect(score({ '93030-5': ['LA32-8'] }).positiveDomains).toEqual([]);
  });

  it('utilities: yes or already shut off', () => {
    expect(score({ '96779-4': ['LA33-6'] }).positiveDomains).toEqual(['utility-insecurity']);
    expect(score({ '96779-4': ['LA32002-0'] }).positiveDomains).toEqual(['utility-insecurity']);
    expect(score({ '96779-4': ['LA32-8'] }).positiveDomains).toEqual([]);
  });

  it('safety: items 7–10 summing to 11 or more (10 is not, 11 is)', () => {
    const ten = score({
      '95618-5': [NEVER],
      '95617-7': [SOMETIMES],
      '95616-9': [SOMETIMES],
      '95615-1': [SOMETIMES],
    });
    expect(ten).toMatchObject({ safetyTotal: 10, positiveDomains: [] });
    const eleven = score({
      '95618-5': [NEVER],
      '95617-7': [SOMETIMES],
      '95616-9': [SOMETIMES],
      '95615-1': [FAIRLY_OFTEN],
    });
    expect(eleven).toMatchObject({ safetyTotal: 11, positiveDomains: ['interpersonal-safety'] });
    const most = score({
      '95618-5': [FREQUENTLY],
      '95617-7': [FREQUENTLY],
      '95616-9': [FREQUENTLY],
      '95615-1': [FREQUENTLY],
    });
    expect(most.safetyTotal).toBe(20);
  });

  it('flags "physically hurt" other than never for attention, without a positive screen', () => {
    const rarely = score({ '95618-5': [RARELY] });
    expect(rarely).toEqual({ positiveDomains: [], safetyTotal: 5, attention: ['physically-hurt'] });
    expect(score({ '95617-7': [FREQUENTLY] }).attention).toEqual([]);
  });

  it('lists every positive domain of a screening in the instrument order', () => {
    const all = score({
      '71802-3': ['LA31995-6'],
      '96778-6': ['LA28580-1'],
      '88123-5': ['LA28397-0'],
      '93030-5': ['LA33-6'],
      '96779-4': ['LA32002-0'],
      '95618-5': [FREQUENTLY],
      '95617-7': [FREQUENTLY],
      '95616-9': [NEVER],
      '95615-1': [NEVER],
    });
    expect(all.positiveDomains).toEqual([
      'housing-instability',
      'inadequate-housing',
      'food-insecurity',
      'transportation-insecurity',
      'utility-insecurity',
      'interpersonal-safety',
    ]);
  });
});

describe('answer checks', () => {
  const problem = (input: unknown) => {
    try {
      validateAnswers(ahcHrsn, input);
    } catch (error) {
      if (error instanceof InvalidInputError) return error.issues;
      throw error;
    }
    return [];
  };

  it('names an unknown answer code with its question number', () => {
    expect(problem(answers({ '93030-5': ['LA6729-3'] }))).toEqual([
      { path: 'answers.4.answers', message: '"LA6729-3" is not an answer to question 5.' },
    ]);
  });

  it('names an unknown item', () => {
    const input = [...answers(), { item: '12345-6', answers: ['LA33-6'] }];
    expect(problem(input)).toEqual([
      { path: 'answers.10.item', message: '"12345-6" is not a question of this screening.' },
    ]);
  });

  it('asks for a missing item, a single answer, and no "none" with a problem', () => {
    expect(problem(answers().slice(1))).toEqual([
      { path: 'answers', message: 'Answer question 1.' },
    ]);
    expect(problem(answers({ '93030-5': ['LA33-6', 'LA32-8'] }))[0]?.message).toBe(
      'Question 5 takes one answer.',
    );
    expect(problem(answers({ '96778-6': ['LA9-3', 'LA28580-1'] }))[0]?.message).toBe(
      'Question 2: "None of the above" cannot go with a problem.',
    );
    expect(problem(answers({ '93030-5': [] }))[0]?.message).toBe('Answer question 5.');
    expect(problem([...answers(), { item: '93030-5', answers: ['LA33-6'] }])[0]?.message).toBe(
      'Question 5 is answered twice.',
    );
    expect(problem('yes')[0]?.message).toBe('Answers must be a list of items and answer codes.');
  });
});

describe('changes between screenings', () => {
  it('lists the items answered differently', () => {
    const before = validateAnswers(ahcHrsn, answers());
    const after = validateAnswers(
      ahcHrsn,
      answers({ '93030-5': ['LA33-6'], '96778-6': ['LA28580-1', 'LA31996-4'] }),
    );
    expect(answerChanges(ahcHrsn, before, after)).toEqual([
      { item: '96778-6', number: 2, before: ['LA9-3'], after: ['LA28580-1', 'LA31996-4'] },
      { item: '93030-5', number: 5, before: ['LA32-8'], after: ['LA33-6'] },
    ]);
    expect(answerChanges(ahcHrsn, before, before)).toEqual([]);
  });
});
