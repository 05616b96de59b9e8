import { randomUUID } from 'node:crypto';

// Ids sort by time and then by a per-process sequence, so records made in the same millisecond
// (or under a stopped test clock) still list newest first when sorted by id.
let sequence = 0;

/** An id that sorts by `at`: base-36 time, a per-process sequence, a random tail. */
export function timeOrderedId(at: Date): string {
  sequence = (sequence + 1) % 36 ** 6;
  return [
    at.getTime().toString(36).padStart(9, '0'),
    sequence.toString(36).padStart(6, '0'),
    randomUUID().slice(0, 8),
  ].join('-');
}
