import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { generate, generatedPath } from '../../scripts/codegen';

describe('web/src/generated/graphql.ts', () => {
  it('matches the schema and the documents (run `npm run codegen` after a change)', async () => {
    expect(await generate()).toBe(await readFile(generatedPath, 'utf8'));
  });
});
