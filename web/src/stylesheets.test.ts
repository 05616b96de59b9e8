import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every stylesheet of the web app, found by walking web/src. */
function stylesheets(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return stylesheets(full);
    return entry.name.endsWith('.css') ? [full] : [];
  });
}

/**
 * Rules opened inside another plain rule: the browser reads them as nested CSS and applies them
 * to the wrong elements (or not at all), which is what a lost closing brace looks like.
 */
function misnestedRules(css: string): string[] {
  const open: string[] = [];
  const problems: string[] = [];
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  let selector = '';
  for (const ch of text) {
    if (ch === '{') {
      const name = selector.trim();
      const parent = open.at(-1);
      if (parent !== undefined && !parent.startsWith('@'))
        problems.push(`${name} inside ${parent}`);
      open.push(name);
      selector = '';
    } else if (ch === '}') {
      if (open.pop() === undefined) problems.push('a closing brace with nothing open');
      selector = '';
    } else if (ch === ';') {
      selector = '';
    } else {
      selector += ch;
    }
  }
  for (const name of open) problems.push(`${name} never closed`);
  return problems;
}

describe('stylesheets', () => {
  const root = path.resolve(import.meta.dirname);
  const files = stylesheets(root);

  it('are found', () => {
    expect(files.length).toBeGreaterThan(3);
  });

  it.each(files.map((f) => [path.relative(root, f)]))('%s closes every rule it opens', (file) => {
    expect(misnestedRules(readFileSync(path.join(root, file), 'utf8'))).toEqual([]);
  });

  it('notices a lost closing brace', () => {
    expect(misnestedRules('.a { color: red;\n.b { color: blue; }')).toEqual([
      '.b inside .a',
      '.a never closed',
    ]);
  });
});
