import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InvalidInputError } from '../errors.ts';
import { NEED_DOMAINS } from '../needs/domains.ts';

/**
 * The AHC HRSN core screening tool as data (`ahc-hrsn.json`): its ten items in five sections,
 * English and Spanish wording, LOINC question and answer codes, and the scoring rules. Loaded and
 * checked once at start, so a broken definition stops the process rather than a screening.
 */

const words = z.object({ en: z.string().min(1), es: z.string().min(1) });
const loincCode = z.string().regex(/^\d{1,6}-\d$/);
const answerCode = z.string().regex(/^LA\d{1,6}-\d$/);

const scoringRule = z.discriminatedUnion('rule', [
  z.object({
    domain: z.enum(NEED_DOMAINS),
    rule: z.literal('any-answer'),
    items: z.array(loincCode).min(1),
    answers: z.array(answerCode).min(1),
  }),
  z.object({
    domain: z.enum(NEED_DOMAINS),
    rule: z.literal('score-at-least'),
    items: z.array(loincCode).min(1),
    atLeast: z.number().int().min(1),
    totalLoinc: loincCode,
  }),
]);

export const instrumentSchema = z
  .object({
    id: z.string().min(1),
    version: z.string().min(1),
    title: words,
    source: z.string(),
    loinc: loincCode,
    sections: z.array(z.object({ id: z.string().min(1), title: words })).min(1),
    items: z
      .array(
        z.object({
          number: z.number().int().min(1),
          loinc: loincCode,
          section: z.string(),
          select: z.enum(['one', 'many']),
          exclusive: z.array(answerCode).optional(),
          text: words,
          answers: z
            .array(z.object({ code: answerCode, score: z.number().int().optional(), text: words }))
            .min(2),
        }),
      )
      .min(1),
    scoring: z.array(scoringRule).min(1),
    attention: z.array(
      z.object({ id: z.string().min(1), item: loincCode, unlessAnswer: answerCode, text: words }),
    ),
  })
  .superRefine((instrument, ctx) => {
    const sections = new Set(instrument.sections.map((s) => s.id));
    const items = new Map(instrument.items.map((item) => [item.loinc, item]));
    if (items.size !== instrument.items.length) {
      ctx.addIssue({ code: 'custom', path: ['items'], message: 'Item codes must be unique.' });
    }
    for (const [i, item] of instrument.items.entries()) {
      if (item.number !== i + 1) {
        ctx.addIssue({ code: 'custom', path: ['items', i, 'number'], message: 'Out of order.' });
      }
      if (!sections.has(item.section)) {
        ctx.addIssue({
          code: 'custom',
          path: ['items', i, 'section'],
          message: 'No such section.',
        });
      }
      const codes = item.answers.map((a) => a.code);
      if (new Set(codes).size !== codes.length) {
        ctx.addIssue({ code: 'custom', path: ['items', i], message: 'Duplicate answer code.' });
      }
      for (const code of item.exclusive ?? []) {
        if (!codes.includes(code)) {
          ctx.addIssue({ code: 'custom', path: ['items', i, 'exclusive'], message: code });
        }
      }
    }
    for (const [i, rule] of instrument.scoring.entries()) {
      for (const code of rule.items) {
        const item = items.get(code);
        if (!item) {
          ctx.addIssue({ code: 'custom', path: ['scoring', i], message: `No item ${code}.` });
          continue;
        }
        if (rule.rule === 'any-answer') {
          for (const answer of rule.answers) {
            if (!item.answers.some((a) => a.code === answer)) {
              ctx.addIssue({
                code: 'custom',
                path: ['scoring', i],
                message: `${answer} is not an answer to ${code}.`,
              });
            }
          }
        } else if (item.answers.some((a) => a.score === undefined)) {
          ctx.addIssue({
            code: 'custom',
            path: ['scoring', i],
            message: `Every answer to ${code} needs a score.`,
          });
        }
      }
    }
    for (const [i, flag] of instrument.attention.entries()) {
      const item = items.get(flag.item);
      if (!item?.answers.some((a) => a.code === flag.unlessAnswer)) {
        ctx.addIssue({
          code: 'custom',
          path: ['attention', i],
          message: 'Unknown item or answer.',
        });
      }
    }
  });

export type Instrument = z.infer<typeof instrumentSchema>;
export type InstrumentItem = Instrument['items'][number];
export type ScreeningLanguage = 'en' | 'es';

/** Parses an instrument definition; throws with every problem when it is not valid. */
export function loadInstrument(definition: unknown): Instrument {
  const parsed = instrumentSchema.safeParse(definition);
  if (!parsed.success) {
    throw new Error(`The screening instrument is not valid: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

/** The AHC HRSN core tool, checked at start. */
export const ahcHrsn: Instrument = loadInstrument(
  JSON.parse(readFileSync(new URL('./ahc-hrsn.json', import.meta.url), 'utf8')),
);

/** One item's answer: the item's LOINC code and the chosen answer codes (several for item 2). */
export type ItemAnswer = { item: string; answers: string[] };

const answersSchema = z
  .array(
    z.object({
      item: z.string({ error: 'Each answer names its item.' }).max(20),
      answers: z.array(z.string().max(20)).max(20),
    }),
    { error: 'Answers must be a list of items and answer codes.' },
  )
  .max(50, { error: 'Too many answers.' });

/**
 * Checks a full set of answers against the instrument: every item answered once, known codes
 * only, one answer where the item takes one, no "none of the above" with a problem. Returns them
 * in the instrument's order. Throws InvalidInputError naming each problem by item number.
 */
export function validateAnswers(instrument: Instrument, input: unknown): ItemAnswer[] {
  const parsed = answersSchema.safeParse(input);
  if (!parsed.success) {
    throw new InvalidInputError(
      parsed.error.issues.map((i) => ({
        path: ['answers', ...i.path].join('.'),
        message: i.message,
      })),
    );
  }
  const issues: Array<{ path: string; message: string }> = [];
  const byItem = new Map<string, string[]>();
  for (const [i, answer] of parsed.data.entries()) {
    const item = instrument.items.find((it) => it.loinc === answer.item);
    if (!item) {
      issues.push({
        path: `answers.${i}.item`,
        message: `"${answer.item}" is not a question of this screening.`,
      });
      continue;
    }
    if (byItem.has(item.loinc)) {
      issues.push({
        path: `answers.${i}.item`,
        message: `Question ${item.number} is answered twice.`,
      });
      continue;
    }
    const unknown = answer.answers.filter((code) => !item.answers.some((a) => a.code === code));
    if (unknown.length > 0) {
      issues.push({
        path: `answers.${i}.answers`,
        message: `"${unknown.join('", "')}" is not an answer to question ${item.number}.`,
      });
      continue;
    }
    const chosen = [...new Set(answer.answers)];
    if (chosen.length === 0) {
      issues.push({ path: `answers.${i}.answers`, message: `Answer question ${item.number}.` });
    } else if (item.select === 'one' && chosen.length > 1) {
      issues.push({
        path: `answers.${i}.answers`,
        message: `Question ${item.number} takes one answer.`,
      });
    } else if (chosen.length > 1 && chosen.some((code) => item.exclusive?.includes(code))) {
      issues.push({
        path: `answers.${i}.answers`,
        message: `Question ${item.number}: "None of the above" cannot go with a problem.`,
      });
    }
    byItem.set(item.loinc, chosen);
  }
  for (const item of instrument.items) {
    if (!byItem.has(item.loinc) && issues.length === 0) {
      issues.push({ path: 'answers', message: `Answer question ${item.number}.` });
    }
  }
  if (issues.length > 0) throw new InvalidInputError(issues);
  return instrument.items.map((item) => ({
    item: item.loinc,
    answers: byItem.get(item.loinc) ?? [],
  }));
}

/** The instrument's sections and items in one language, for a form. */
export function instrumentIn(instrument: Instrument, language: ScreeningLanguage) {
  return {
    id: instrument.id,
    loinc: instrument.loinc,
    language,
    title: instrument.title[language],
    sections: instrument.sections.map((section) => ({
      id: section.id,
      title: section.title[language],
      items: instrument.items
        .filter((item) => item.section === section.id)
        .map((item) => ({
          number: item.number,
          loinc: item.loinc,
          multiple: item.select === 'many',
          exclusive: item.exclusive ?? [],
          text: item.text[language],
          answers: item.answers.map((a) => ({ code: a.code, text: a.text[language] })),
        })),
    })),
  };
}

export type LocalizedInstrument = ReturnType<typeof instrumentIn>;

/** The language to screen in: Spanish for a client who prefers it, else English. */
export function screeningLanguage(preferred: string | null | undefined): ScreeningLanguage {
  return preferred === 'es' ? 'es' : 'en';
}
