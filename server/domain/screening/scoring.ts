import type { NeedDomain } from '../needs/domains.ts';
import type { Instrument, ItemAnswer } from './instrument.ts';

/** What a screening found: the positive domains, the safety total, and flags for the coordinator. */
export type ScreeningResult = {
  positiveDomains: NeedDomain[];
  /** Items 7–10 summed (4–20), or null when the instrument has no such total. */
  safetyTotal: number | null;
  /** Flags for the coordinator's attention that are not positive screens (e.g. physically hurt). */
  attention: string[];
};

/** Scores answers by the instrument's own rules (pure). */
export function scoreScreening(instrument: Instrument, answers: ItemAnswer[]): ScreeningResult {
  const chosen = new Map(answers.map((a) => [a.item, a.answers]));
  const positiveDomains: NeedDomain[] = [];
  let safetyTotal: number | null = null;
  for (const rule of instrument.scoring) {
    if (rule.rule === 'any-answer') {
      const hit = rule.items.some((item) =>
        (chosen.get(item) ?? []).some((code) => rule.answers.includes(code)),
      );
      if (hit) positiveDomains.push(rule.domain);
      continue;
    }
    let total = 0;
    for (const code of rule.items) {
      const item = instrument.items.find((it) => it.loinc === code);
      const answer = chosen.get(code)?.[0];
      total += item?.answers.find((a) => a.code === answer)?.score ?? 0;
    }
    safetyTotal = total;
    if (total >= rule.atLeast) positiveDomains.push(rule.domain);
  }
  const attention = instrument.attention
    .filter((flag) => {
      const answer = chosen.get(flag.item)?.[0];
      return answer !== undefined && answer !== flag.unlessAnswer;
    })
    .map((flag) => flag.id);
  return { positiveDomains, safetyTotal, attention };
}

/** One item whose answer changed between two screenings. */
export type AnswerChange = { item: string; number: number; before: string[]; after: string[] };

/** The items answered differently this time than last time (in the instrument's order). */
export function answerChanges(
  instrument: Instrument,
  previous: ItemAnswer[],
  current: ItemAnswer[],
): AnswerChange[] {
  const before = new Map(previous.map((a) => [a.item, a.answers]));
  const after = new Map(current.map((a) => [a.item, a.answers]));
  const changes: AnswerChange[] = [];
  for (const item of instrument.items) {
    const was = [...(before.get(item.loinc) ?? [])].sort();
    const now = [...(after.get(item.loinc) ?? [])].sort();
    if (was.join() !== now.join()) {
      changes.push({ item: item.loinc, number: item.number, before: was, after: now });
    }
  }
  return changes;
}
