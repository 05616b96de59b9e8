import { describe, expect, it } from 'vitest';
import { applyJsonPatch, elementOf } from './json-patch.ts';
import { FhirError } from './outcome.ts';

describe('JSON Patch', () => {
  const task = { resourceType: 'Task', status: 'requested', input: [{ a: 1 }] };

  it('adds, replaces, removes and tests, leaving the original alone', () => {
    const next = applyJsonPatch(
      task,
      [
        { op: 'test', path: '/status', value: 'requested' },
        { op: 'replace', path: '/status', value: 'accepted' },
        { op: 'add', path: '/statusReason', value: { text: 'ok' } },
        { op: 'add', path: '/input/-', value: { b: 2 } },
        { op: 'remove', path: '/input/0' },
      ],
      'Task',
    );
    expect(next).toEqual({
      resourceType: 'Task',
      status: 'accepted',
      statusReason: { text: 'ok' },
      input: [{ b: 2 }],
    });
    expect(task.status).toBe('requested');
  });

  it('names the operation and the element when one fails', () => {
    const failure = (() => {
      try {
        applyJsonPatch(task, [{ op: 'test', path: '/status', value: 'draft' }], 'Task');
      } catch (error) {
        return error;
      }
    })();
    expect(failure).toBeInstanceOf(FhirError);
    expect((failure as FhirError).issues).toEqual([
      {
        code: 'invalid',
        text: 'Operation 0: test failed: the value differs.',
        expression: 'Task.status',
      },
    ]);
    expect(elementOf('Task', '/statusReason/coding/0/code')).toBe(
      'Task.statusReason.coding[0].code',
    );
  });
});
