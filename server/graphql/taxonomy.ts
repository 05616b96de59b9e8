import {
  type NeedCategory,
  type NeedLanguage,
  needCategories,
} from '../domain/directory/need-categories.ts';
import { categoryName } from '../domain/directory/taxonomy.ts';
import { builder } from './builder.ts';

/** The languages need names come in: EN, ES. */
export const NeedLanguageEnum = builder.enumType('NeedLanguage', {
  description: 'A language need categories are named in.',
  values: { EN: { value: 'en' }, ES: { value: 'es' } } satisfies Record<
    Uppercase<NeedLanguage>,
    { value: NeedLanguage }
  >,
});

const NeedCategoryRef = builder.objectRef<NeedCategory>('NeedCategory');
NeedCategoryRef.implement({
  description: 'A node of the need taxonomy; top-level codes are stable API values.',
  fields: (t) => ({
    code: t.exposeString('code'),
    name: t.string({
      args: { language: t.arg({ type: NeedLanguageEnum, required: true, defaultValue: 'en' }) },
      resolve: (c, args) => categoryName(c.code, args.language) ?? c.name,
    }),
    synonyms: t.stringList({
      description: 'Other words for this need, in the language asked for (English by default).',
      args: { language: t.arg({ type: NeedLanguageEnum, required: true, defaultValue: 'en' }) },
      resolve: (c, args) => [...c.words[args.language]],
    }),
    children: t.field({ type: [NeedCategoryRef], resolve: (c) => [...c.children] }),
  }),
});

builder.queryField('taxonomy', (t) =>
  t.field({
    type: [NeedCategoryRef],
    description: 'The need taxonomy: top-level categories with their children.',
    resolve: () => [...needCategories],
  }),
);
