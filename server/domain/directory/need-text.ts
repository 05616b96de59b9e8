import { needCategories, type TopLevelCode } from './need-categories.ts';
import { isTopLevelCode } from './taxonomy.ts';

/**
 * Free-text keyword rules for term names (Ohana keywords, unknown vocabularies). Checked in
 * order, so narrower needs (substance use, immigration, utilities) win over broad ones.
 */
const textRules: ReadonlyArray<readonly [RegExp, TopLevelCode]> = [
  [
    /\b(substance|addiction|alcohol|drug (abuse|treatment|use)|detox|opioid|sober|recovery)/i,
    'substance-use',
  ],
  [
    /\b(immigra|refugee|asylum|citizenship|naturali[sz]ation|green card|visa|daca|esl\b|esol\b)/i,
    'immigration',
  ],
  [/\b(utilit|electric|liheap|energy assistance|water bill|gas bill|shut-?off)/i, 'utilities'],
  [/\b(evict|legal|lawyer|attorney|court|expunge|law\b)/i, 'legal'],
  [
    /\b(mental|counsel|therap|psychi|crisis|suicide|depress|anxiety|behavioral health)/i,
    'mental-health',
  ],
  [
    /\b(food|meal|pantr|grocer|snap\b|wic\b|nutrition|hunger|soup kitchen|farmers'? market)/i,
    'food',
  ],
  [/\b(housing|shelter|homeless|rent\b|rental|landlord|tenant)/i, 'housing'],
  [/\b(transport|bus\b|transit|rides?\b|paratransit|taxi)/i, 'transportation'],
  [/\b(employ|jobs?\b|career|vocation|resume|workforce|job training)/i, 'employment'],
  [/\b(disabilit|disabled|deaf|blind|wheelchair|special needs|autism)/i, 'disability'],
  [/\b(child ?care|day ?care|parent|famil|youth|infant|baby|diaper|domestic violence)/i, 'family'],
  [
    /\b(health|medical|clinic|dental|dentist|doctor|hospital|medicaid|medicare|prescription|pharmac|vision|immuni[sz])/i,
    'health',
  ],
];

/** Guesses a top-level need from a free-text term name by keywords; null when nothing matches. */
export function categoryForText(name: string): TopLevelCode | null {
  const trimmed = name.trim();
  if (!trimmed) return null;
  const lower = trimmed.toLowerCase();
  // An exact code, name or synonym of ours is the strongest signal.
  for (const top of needCategories) {
    const top_ = isTopLevelCode(top.code) ? top.code : null;
    if (!top_) continue;
    if (lower === top.code || lower === top.name.toLowerCase()) return top_;
    if (top.synonyms.some((s) => s.toLowerCase() === lower)) return top_;
    for (const child of top.children) {
      if (lower === child.code || lower === child.name.toLowerCase()) return top_;
    }
  }
  for (const [pattern, code] of textRules) if (pattern.test(trimmed)) return code;
  return null;
}
