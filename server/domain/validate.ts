import type { z } from 'zod';
import { type FieldIssue, InvalidInputError } from './errors.ts';

/** Turns zod issues into field issues with dotted paths (`client.age`). */
export function toFieldIssues(error: z.ZodError, prefix = ''): FieldIssue[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    return { path, message: issue.message };
  });
}

/** Parses `input` with `schema`; throws InvalidInputError listing every issue by field path. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  prefix = '',
): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new InvalidInputError(toFieldIssues(result.error, prefix));
  return result.data;
}
