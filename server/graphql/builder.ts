import SchemaBuilder from '@pothos/core';
import type { GraphQLContext } from './context.ts';

/** The one SchemaBuilder: its generics and plugins, nothing else. */
export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
  };
  DefaultFieldNullability: false;
}>({
  defaultFieldNullability: false,
});

builder.queryType({ description: 'Read the directory.' });
