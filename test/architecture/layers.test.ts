import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCycles, readImportGraph } from './import-graph.ts';

/**
 * The layers of each stack, highest first (docs/ARCHITECTURE.md explains them). A file may import
 * files of its own layer and of any layer below it, never above it and never into the other stack.
 * A path belongs to the first layer with a matching prefix; a file no layer claims fails the test,
 * so a new folder is placed here on purpose.
 */
const stacks = {
  server: [
    {
      layer: 'entry points',
      paths: [
        'server/main.ts',
        'server/app.ts',
        'server/runtime.ts',
        'server/create-search-index.ts',
        'server/cli/',
        'seeds/',
      ],
    },
    {
      layer: 'adapters',
      paths: [
        'server/graphql/',
        'server/appointments/',
        'server/clients/',
        'server/http/',
        'server/fhir/',
        'server/hsds/',
        'server/lists/',
        'server/listings/',
        'server/importers/',
      ],
    },
    { layer: 'domain', paths: ['server/domain/'] },
    { layer: 'storage and search', paths: ['server/db/', 'server/search/'] },
    { layer: 'shared helpers', paths: ['server/config.ts', 'server/logger.ts', 'server/lib/'] },
  ],
  web: [
    { layer: 'web entry points', paths: ['web/src/main.tsx', 'web/src/app.tsx'] },
    { layer: 'web pages', paths: ['web/src/pages/'] },
    { layer: 'web features', paths: ['web/src/features/'] },
    { layer: 'web ui', paths: ['web/src/ui/'] },
    { layer: 'web lib', paths: ['web/src/lib/'] },
    // Types generated from schema/schema.graphql: the only thing the web knows of the server.
    { layer: 'web generated types', paths: ['web/src/generated/'] },
  ],
} as const;

/** The one search file the domain may import: the engine interface. */
const SEARCH_INTERFACE = 'server/search/engine.ts';

/** Packages of the GraphQL and HTTP layers: the domain, storage and search know none of them. */
const TRANSPORT_PACKAGE = /^(express|graphql|graphql-yoga|@pothos\/.*|@graphql-yoga\/.*)$/;

const root = path.resolve(import.meta.dirname, '../..');
const graph = readImportGraph(root, ['server', 'seeds', 'web/src']);

type Place = { stack: keyof typeof stacks; rank: number; layer: string };

function placeOf(file: string): Place | null {
  for (const stack of ['server', 'web'] as const) {
    const rank = stacks[stack].findIndex((l) => l.paths.some((p) => file.startsWith(p)));
    const layer = stacks[stack][rank];
    if (layer !== undefined) return { stack, rank, layer: layer.layer };
  }
  return null;
}

function imports(): Array<[from: string, to: string]> {
  return [...graph].flatMap(([from, { files }]) => files.map((to): [string, string] => [from, to]));
}

describe('imports', () => {
  it('reads the source tree', () => {
    expect(graph.size).toBeGreaterThan(200);
    expect(graph.get('server/main.ts')?.files).toContain('server/app.ts');
    expect(graph.get('web/src/main.tsx')?.files).toContain('web/src/app.tsx');
    expect(graph.get('server/app.ts')?.packages).toContain('express');
  });

  it('form no cycle in server/, web/src/ or seeds/', () => {
    expect(findCycles(graph).map((files) => files.join(' ⇄ '))).toEqual([]);
  });

  it('place every file in a layer', () => {
    expect([...graph.keys()].filter((file) => placeOf(file) === null)).toEqual([]);
  });

  it('never reach a higher layer or the other stack', () => {
    const wrong = imports().flatMap(([from, to]) => {
      const a = placeOf(from);
      const b = placeOf(to);
      if (a === null || b === null) return [];
      if (a.stack === b.stack && b.rank >= a.rank) return [];
      return [`${from} (${a.layer}) imports ${to} (${b.layer})`];
    });
    expect(wrong).toEqual([]);
  });

  it('let the domain see search only through the engine interface', () => {
    const wrong = imports()
      .filter(([from, to]) => from.startsWith('server/domain/') && to.startsWith('server/search/'))
      .filter(([, to]) => to !== SEARCH_INTERFACE)
      .map(([from, to]) => `${from} imports ${to}`);
    expect(wrong).toEqual([]);
  });

  it('keep GraphQL and HTTP out of the domain, storage and search', () => {
    const lower = ['server/domain/', 'server/db/', 'server/search/', 'server/lib/'];
    const wrong = [...graph].flatMap(([file, { packages }]) =>
      lower.some((dir) => file.startsWith(dir))
        ? packages.filter((p) => TRANSPORT_PACKAGE.test(p)).map((p) => `${file} imports ${p}`)
        : [],
    );
    expect(wrong).toEqual([]);
  });
});
