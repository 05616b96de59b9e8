import { FhirError, type FhirIssue, type Json } from './outcome.ts';

/**
 * A small RFC 6902 JSON Patch for one resource: add, replace, remove and test on object members
 * and array items. A replace of a missing member adds it. Errors point at the operation
 * (`Parameters`-free: JSON Patch has no FHIRPath, so the element's path is given instead).
 */

type Op = { op: string; path: string; value?: unknown };

function pointer(path: string, index: number): string[] {
  if (!path.startsWith('/')) {
    throw new FhirError(400, [
      { code: 'invalid', text: `Operation ${index}: path must be a JSON Pointer such as /status.` },
    ]);
  }
  return path
    .slice(1)
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** The FHIRPath of a JSON Pointer into a resource of `type`: /statusReason/text → Task.statusReason.text. */
export function elementOf(type: string, path: string): string {
  const parts = path.split('/').filter(Boolean);
  return [type, ...parts.map((p) => (/^\d+$/.test(p) ? `[${p}]` : p))]
    .join('.')
    .replaceAll('.[', '[');
}

function fail(index: number, type: string, op: Op, text: string): never {
  const issue: FhirIssue = { code: 'invalid', text: `Operation ${index}: ${text}` };
  if (typeof op.path === 'string') issue.expression = elementOf(type, op.path);
  throw new FhirError(400, [issue]);
}

/** Applies a JSON Patch to a copy of `resource`. Throws FhirError (400) on a malformed or failed op. */
export function applyJsonPatch(resource: Json, patch: unknown, type: string): Json {
  if (!Array.isArray(patch)) {
    throw new FhirError(400, [
      {
        code: 'structure',
        text: 'The body must be a JSON Patch array (application/json-patch+json).',
      },
    ]);
  }
  const doc = structuredClone(resource) as Json;
  patch.forEach((raw: unknown, index) => {
    const op = (typeof raw === 'object' && raw !== null ? raw : {}) as Op;
    if (!['add', 'replace', 'remove', 'test'].includes(op.op)) {
      fail(index, type, op, 'op must be add, replace, remove or test.');
    }
    if (typeof op.path !== 'string') fail(index, type, op, 'path is required.');
    const parts = pointer(op.path, index);
    const last = parts.pop() ?? '';
    let parent: unknown = doc;
    for (const part of parts) {
      parent = Array.isArray(parent) ? parent[Number(part)] : (parent as Json | undefined)?.[part];
      if (typeof parent !== 'object' || parent === null)
        fail(index, type, op, 'path does not exist.');
    }
    const container = parent as Json | unknown[];
    const needsValue = op.op !== 'remove';
    if (needsValue && !('value' in op)) fail(index, type, op, 'value is required.');
    if (Array.isArray(container)) {
      const at = last === '-' ? container.length : Number(last);
      if (!Number.isInteger(at) || at < 0 || at > container.length) {
        fail(index, type, op, 'array index out of range.');
      }
      if (op.op === 'add') container.splice(at, 0, op.value);
      else if (op.op === 'replace') container[at] = op.value;
      else if (op.op === 'remove') container.splice(at, 1);
      else if (JSON.stringify(container[at]) !== JSON.stringify(op.value)) {
        fail(index, type, op, 'test failed: the value differs.');
      }
      return;
    }
    if (op.op === 'add' || op.op === 'replace') container[last] = op.value;
    else if (op.op === 'remove') {
      if (!(last in container)) fail(index, type, op, 'path does not exist.');
      delete container[last];
    } else if (JSON.stringify(container[last]) !== JSON.stringify(op.value)) {
      fail(index, type, op, 'test failed: the value differs.');
    }
  });
  return doc;
}
