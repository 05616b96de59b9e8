import { describe, expect, it } from 'vitest';
import { toAnswerInput, toggleAnswer, unanswered } from './answers';

const quality = { number: 2, loinc: '96778-6', multiple: true, exclusive: ['LA9-3'] };
const housing = { number: 1, loinc: '71802-3', multiple: false, exclusive: [] };

describe('screening answers', () => {
  it('keeps one answer for a single-choice question', () => {
    const once = toggleAnswer({}, housing, 'LA31993-1');
    expect(toggleAnswer(once, housing, 'LA31994-9')).toEqual({ '71802-3': ['LA31994-9'] });
  });

  it('adds and removes problems, and "none of the above" clears them (and the reverse)', () => {
    let state = toggleAnswer({}, quality, 'LA28580-1');
    state = toggleAnswer(state, quality, 'LA31996-4');
    expect(state['96778-6']).toEqual(['LA28580-1', 'LA31996-4']);
    state = toggleAnswer(state, quality, 'LA9-3');
    expect(state['96778-6']).toEqual(['LA9-3']);
    state = toggleAnswer(state, quality, 'LA28580-1');
    expect(state['96778-6']).toEqual(['LA28580-1']);
    expect(toggleAnswer(state, quality, 'LA28580-1')['96778-6']).toEqual([]);
  });

  it('names the unanswered questions and builds the input in order', () => {
    const state = { '96778-6': ['LA9-3'] };
    expect(unanswered(state, [housing, quality])).toEqual([1]);
    expect(toAnswerInput(state, [housing, quality])).toEqual([
      { item: '71802-3', answers: [] },
      { item: '96778-6', answers: ['LA9-3'] },
    ]);
  });
});
