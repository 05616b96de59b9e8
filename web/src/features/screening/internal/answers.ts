/** The answers being filled in: chosen LA codes per question (LOINC code). */
export type AnswerState = Record<string, string[]>;

type Item = { number: number; loinc: string; multiple: boolean; exclusive: string[] };

/** Chooses or clears one answer, keeping "none of the above" apart from the problems. */
export function toggleAnswer(state: AnswerState, item: Item, code: string): AnswerState {
  if (!item.multiple) return { ...state, [item.loinc]: [code] };
  const current = state[item.loinc] ?? [];
  if (current.includes(code)) {
    return { ...state, [item.loinc]: current.filter((c) => c !== code) };
  }
  const next = item.exclusive.includes(code)
    ? [code]
    : [...current.filter((c) => !item.exclusive.includes(c)), code];
  return { ...state, [item.loinc]: next };
}

/** The numbers of the questions not answered yet. */
export function unanswered(state: AnswerState, items: Item[]): number[] {
  return items.filter((item) => (state[item.loinc] ?? []).length === 0).map((i) => i.number);
}

/** The answers as the API takes them, in the questions' order. */
export function toAnswerInput(state: AnswerState, items: Item[]) {
  return items.map((item) => ({ item: item.loinc, answers: state[item.loinc] ?? [] }));
}
