/**
 * A reader for the part of YAML that compose.yaml uses (no YAML package is among the
 * dependencies): block mappings and sequences of scalars, flow sequences of scalars, quoted and
 * plain scalars (kept as strings), comments, and anchors on mappings with `<<: *name` merges.
 * Anything else throws, so the file cannot move past what this reads without the test noticing.
 */

export type YamlValue = string | null | YamlValue[] | { [key: string]: YamlValue };
type YamlMap = { [key: string]: YamlValue };
type Line = { indent: number; text: string; number: number };

function stripComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1] ?? ''))) {
      return line.slice(0, i);
    }
  }
  return line;
}

function scalar(raw: string, line: number): string | null {
  const text = raw.trim();
  if (text === '' || text === '~' || text === 'null') return null;
  if (text.startsWith('"')) {
    if (!text.endsWith('"') || text.length < 2) throw new Error(`line ${line}: unclosed "`);
    return JSON.parse(text) as string;
  }
  if (text.startsWith("'")) {
    if (!text.endsWith("'") || text.length < 2) throw new Error(`line ${line}: unclosed '`);
    return text.slice(1, -1).replaceAll("''", "'");
  }
  if (/^[&*!|>%@`{[\]]/.test(text) || /^-(\s|$)/.test(text)) {
    throw new Error(`line ${line}: unsupported YAML: ${text}`);
  }
  // A plain scalar cannot hold ": " (YAML would read a mapping): quote it.
  if (/:\s/.test(text)) throw new Error(`line ${line}: quote a value that contains ": "`);
  return text;
}

function flowSequence(raw: string, line: number): string[] {
  const inner = raw.trim().slice(1, -1);
  const items: string[] = [];
  let current = '';
  let quote: string | null = null;
  for (const c of inner) {
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === ',') {
      items.push(current);
      current = '';
      continue;
    } else if (c === '[' || c === '{') {
      throw new Error(`line ${line}: nested flow collections are not supported`);
    }
    current += c;
  }
  if (current.trim() !== '') items.push(current);
  return items.map((item) => scalar(item, line) ?? '');
}

function inlineValue(raw: string, line: number): YamlValue {
  const text = raw.trim();
  if (text.startsWith('[')) {
    if (!text.endsWith(']')) throw new Error(`line ${line}: unclosed [`);
    return flowSequence(text, line);
  }
  return scalar(text, line);
}

/** Parses the YAML subset described above. */
export function parseYamlSubset(source: string): YamlValue {
  const lines: Line[] = [];
  source.split('\n').forEach((raw, i) => {
    if (raw.includes('\t')) throw new Error(`line ${i + 1}: tabs are not YAML indentation`);
    const text = stripComment(raw).trimEnd();
    if (text.trim() === '') return;
    if (text.trim() === '---') throw new Error(`line ${i + 1}: one document only`);
    lines.push({ indent: text.length - text.trimStart().length, text: text.trim(), number: i + 1 });
  });
  const anchors = new Map<string, YamlMap>();
  let at = 0;

  function block(indent: number): YamlValue {
    const first = lines[at];
    if (!first || first.indent < indent) return null;
    return first.text.startsWith('- ') || first.text === '-'
      ? sequence(first.indent)
      : mapping(first.indent);
  }

  function sequence(indent: number): YamlValue[] {
    const items: YamlValue[] = [];
    for (let line = lines[at]; line && line.indent === indent; line = lines[at]) {
      if (!line.text.startsWith('-')) throw new Error(`line ${line.number}: expected "- "`);
      const rest = line.text.slice(1).trim();
      if (rest === '' || /^[^"'[]*:(\s|$)/.test(rest)) {
        throw new Error(`line ${line.number}: only scalars are supported in a block sequence`);
      }
      items.push(inlineValue(rest, line.number));
      at++;
    }
    return items;
  }

  function mapping(indent: number): YamlMap {
    const map: YamlMap = {};
    for (let line = lines[at]; line && line.indent === indent; line = lines[at]) {
      const match = /^("[^"]*"|'[^']*'|[^\s:][^:]*?):(?:\s+(.*))?$/.exec(line.text);
      if (!match) throw new Error(`line ${line.number}: expected "key: value": ${line.text}`);
      const key = scalar(match[1] ?? '', line.number) ?? '';
      const rest = (match[2] ?? '').trim();
      at++;
      if (key === '<<') {
        const anchor = /^\*([\w-]+)$/.exec(rest)?.[1];
        const merged = anchor ? anchors.get(anchor) : undefined;
        if (!merged) throw new Error(`line ${line.number}: unknown alias ${rest}`);
        for (const [k, v] of Object.entries(merged)) if (!(k in map)) map[k] = v;
        continue;
      }
      if (key in map) throw new Error(`line ${line.number}: duplicate key ${key}`);
      const anchor = /^&([\w-]+)$/.exec(rest)?.[1];
      if (rest === '' || anchor) {
        const next = lines[at];
        const value = next && next.indent > indent ? block(next.indent) : null;
        if (anchor) {
          if (value === null || Array.isArray(value) || typeof value !== 'object') {
            throw new Error(`line ${line.number}: anchors are supported on mappings only`);
          }
          anchors.set(anchor, value);
        }
        map[key] = value;
      } else {
        map[key] = inlineValue(rest, line.number);
      }
    }
    return map;
  }

  const result = block(0);
  const left = lines[at];
  if (left) throw new Error(`line ${left.number}: unexpected indentation: ${left.text}`);
  return result;
}
