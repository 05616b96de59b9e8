import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { printedSchema } from '../../server/graphql/schema.ts';

describe('schema/schema.graphql', () => {
  it('matches the schema the server builds (run `npm run schema:print` after a change)', async () => {
    const committed = await readFile(
      path.resolve(import.meta.dirname, '../../schema/schema.graphql'),
      'utf8',
    );
    expect(printedSchema()).toBe(committed);
  });
});
