import { costKinds as allCostKinds, type CostKind, type Service } from './records.ts';

/*
 * Fee texts are free prose ("None. Donations welcome", "Free of charge.", "Sliding fee scale based
 * on income", "Admission is $5 for adults; free for youth"). They are read clause by clause so that
 * a word doing one job in a clause ("charge" in "free of charge", "fee" in "sliding fee scale")
 * never counts for another kind, and FREE beside FEE only comes from a text that says which part
 * is free and which costs.
 */

const FREE_PHRASE =
  /(?<![-\w])(free( of (any )?charge)?|no (cost|charge|fees?)( of any kind)?( for [^,;]+)?|without (charge|cost)|at no (cost|charge)|no-cost|gratis|gratuito|sin costo)\b/gi;
const NONE_CLAUSE = /(^|:)\s*(none|n\/a|not applicable|\$?0(\.00)?)\b/i;
const SLIDING_CLAUSE =
  /\bsliding\b|\bvar(y|ies|iable)\b[^;]*\bincome\b|\b(based on|according to) (household |family )?(income|ability to pay)\b|\bincome[- ]based\b|\bescala (móvil|movil)\b/i;
const INSURANCE_TEXT =
  /\b(insurance|medicaid|medicare|medi-cal|chip|chp\+|healthy families|health first colorado)\b/i;
const FEE_WORDS =
  /(\$\s?\.?\d|\bfees?\b|\bcharges?\b|\bcharged\b|\bco-?pay(s|ments?)?\b|\bdues\b|\btuition\b|\bvar(y|ies)\b)/i;
/** Words that say who or what a free or paid part is for. */
const WHO = /\b(for|if|under|over|age|members?|residents?)\b/i;
const DONATION = /\bdonat(e|es|ion|ions)\b/i;
const PAYMENT_MEANS =
  /\b(cash|checks?|credit cards?|debit cards?|money orders?)\b[^;]*\b(accepted|taken)\b/i;
/** Clause boundaries: semicolons and sentence ends; "but"/"except" also turn free into paid. */
const CLAUSE_BREAK = /(;|\.(?=\s|$)|\bbut\b|\bexcept\b)/i;
const EXCEPTION = /^(but|except)$/i;

type ClauseKinds = { free: boolean; sliding: boolean; insurance: boolean; fee: boolean };

function readClause(clause: string): ClauseKinds {
  const free = NONE_CLAUSE.test(clause) || new RegExp(FREE_PHRASE.source, 'i').test(clause);
  const sliding = SLIDING_CLAUSE.test(clause);
  const insurance = INSURANCE_TEXT.test(clause);
  // What a free phrase says ("of charge", "no fees for children") is not a fee; a donation is
  // not one either; and a sliding-scale clause is about the scale, whatever words it uses.
  const rest = clause.replace(FREE_PHRASE, ' ');
  const fee = !sliding && !DONATION.test(clause) && FEE_WORDS.test(rest);
  // One clause both free and paid ("None or vary according to service") that names no one it is
  // free for cannot promise free.
  return { free: free && (!fee || WHO.test(clause)), sliding, insurance, fee };
}

/** How a fees text says a client pays, clause by clause; [] when it does not say. */
export function feeTextKinds(text: string): CostKind[] {
  const kinds = new Set<CostKind>();
  let previous: ClauseKinds | null = null;
  let exception = false;
  for (const part of text.split(CLAUSE_BREAK)) {
    const clause = part.trim();
    if (CLAUSE_BREAK.test(clause) && clause.length <= 6) {
      exception = EXCEPTION.test(clause);
      continue;
    }
    if (clause.length === 0) continue;
    const read = readClause(clause);
    // "None except for overdue items": what a free clause excepts is what costs.
    const excepted = exception && previous?.free === true && !read.free && !DONATION.test(clause);
    if (read.free) kinds.add('FREE');
    if (read.sliding) kinds.add('SLIDING_SCALE');
    if (read.insurance) kinds.add('INSURANCE');
    if (read.fee || excepted) kinds.add('FEE');
    previous = read;
    exception = false;
  }
  // "Cash and checks accepted" says the agency takes payment, unless the text says it is free.
  if (kinds.size === 0 && PAYMENT_MEANS.test(text)) kinds.add('FEE');
  return allCostKinds.filter((k) => kinds.has(k));
}

/** How a client pays (FREE, SLIDING_SCALE, FEE, INSURANCE) from cost options and fees text; [] when unknown. */
export function costKinds(service: Pick<Service, 'cost_options' | 'fees_description'>): CostKind[] {
  const kinds = new Set<CostKind>();
  for (const option of service.cost_options) {
    const words = `${option.option ?? ''} ${option.amount_description ?? ''}`;
    if (option.amount === 0 || new RegExp(FREE_PHRASE.source, 'i').test(words)) kinds.add('FREE');
    if (SLIDING_CLAUSE.test(words)) kinds.add('SLIDING_SCALE');
    if (INSURANCE_TEXT.test(words)) kinds.add('INSURANCE');
    if (option.amount != null && option.amount > 0) kinds.add('FEE');
  }
  for (const kind of feeTextKinds(service.fees_description?.trim() ?? '')) kinds.add(kind);
  return allCostKinds.filter((k) => kinds.has(k));
}
