import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** What one source file imports: project files (paths relative to the root) and packages. */
export type Imports = { files: string[]; packages: string[] };

/** Source files (paths relative to the root, with `/`) and what each one imports. */
export type ImportGraph = Map<string, Imports>;

// Static imports and re-exports (`import x from`, `import type`, `export … from`, bare `import '…'`)
// and dynamic `import('…')`.
const IMPORT =
  /(?:^|[;}\s])(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"\s]+)['"]|\bimport\(\s*['"]([^'"\s]+)['"]\s*\)/g;
const SOURCE = /\.(ts|tsx)$/;
const NOT_LAYERED = /\.test\.(ts|tsx)$|\.d\.ts$/;

/**
 * Reads every TypeScript file under `dirs` (relative to `root`) and resolves its relative imports
 * the way Node (`.ts` written out) and Vite (extension left off) do. Tests and declaration files
 * are not part of the layers: a test may import whatever it checks.
 */
export function readImportGraph(root: string, dirs: readonly string[]): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const file of dirs.flatMap((dir) => listSources(root, dir))) {
    const text = readFileSync(path.join(root, file), 'utf8');
    const files = new Set<string>();
    const packages = new Set<string>();
    for (const match of text.matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2];
      if (specifier === undefined) continue;
      if (!specifier.startsWith('.')) {
        packages.add(specifier);
        continue;
      }
      const target = resolve(root, path.posix.join(path.posix.dirname(file), specifier));
      if (target !== null) files.add(target);
    }
    graph.set(file, { files: [...files], packages: [...packages] });
  }
  return graph;
}

function listSources(root: string, dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'dist')
        out.push(...listSources(root, rel));
    } else if (SOURCE.test(entry.name) && !NOT_LAYERED.test(entry.name)) {
      out.push(rel);
    }
  }
  return out;
}

/** The source file a specifier names, or null for anything else (JSON, CSS, a missing file). */
function resolve(root: string, target: string): string | null {
  const candidates = SOURCE.test(target)
    ? [target]
    : [`${target}.ts`, `${target}.tsx`, `${target}/index.ts`, `${target}/index.tsx`];
  for (const candidate of candidates) {
    const full = path.join(root, candidate);
    if (existsSync(full) && statSync(full).isFile()) return candidate;
  }
  return null;
}

/** Every import cycle, each as the files along it (Tarjan's strongly connected components). */
export function findCycles(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;

  function visit(file: string): void {
    index.set(file, next);
    low.set(file, next);
    next += 1;
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file)?.files ?? []) {
      if (!graph.has(target)) continue;
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file) ?? 0, low.get(target) ?? 0));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file) ?? 0, index.get(target) ?? 0));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    const selfImport = graph.get(file)?.files.includes(file) ?? false;
    if (component.length > 1 || selfImport) cycles.push(component.sort());
  }

  for (const file of [...graph.keys()].sort()) if (!index.has(file)) visit(file);
  return cycles;
}
