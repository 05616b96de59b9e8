import { type NeedCategory, needCategories } from '../domain/directory/taxonomy.ts';
import { builder } from './builder.ts';

const NeedCategoryRef = builder.objectRef<NeedCategory>('NeedCategory');
NeedCategoryRef.implement({
  description: 'A node of the need taxonomy; top-level codes are stable API values.',
  fields: (t) => ({
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    synonyms: t.stringList({ resolve: (c) => [...c.synonyms] }),
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
