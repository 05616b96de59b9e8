import { describe, expect, it } from 'vitest';
import type { ResourceListQuery } from '../../../generated/graphql';
import { isDirty, listFieldId, moveItem, toDraft, toUpdateInput } from './list-draft';

const service = (id: string, name: string) => ({
  id,
  name,
  url: null,
  hoursSummary: null,
  organization: null,
  contactPhones: [],
  locations: [],
});

const list: ResourceListQuery['resourceList'] = {
  id: 'l1',
  title: null,
  note: 'Call first',
  language: 'ES',
  clientId: null,
  version: 4,
  pdfUrl: '/lists/l1.pdf',
  updatedAt: '2026-05-03T12:00:00Z',
  sends: [],
  items: [
    { id: 'i1', serviceId: 's1', note: null, service: service('s1', 'Pantry') },
    { id: 'i2', serviceId: 's2', note: 'Bring ID', service: null },
  ],
};

describe('list drafts', () => {
  it('starts from the stored list, marking services no longer listed', () => {
    const draft = toDraft(list);
    expect(draft).toEqual({
      title: '',
      note: 'Call first',
      language: 'ES',
      items: [
        { id: 'i1', serviceId: 's1', name: 'Pantry', note: '', gone: false },
        { id: 'i2', serviceId: 's2', name: 's2', note: 'Bring ID', gone: true },
      ],
    });
    expect(isDirty(draft, list)).toBe(false);
  });

  it('reorders and sends every item with its note and the version it was based on', () => {
    const draft = toDraft(list);
    const moved = { ...draft, items: moveItem(draft.items, 1, -1) };
    expect(moveItem(draft.items, 1, 1)).toBe(draft.items);
    expect(isDirty(moved, list)).toBe(true);
    expect(toUpdateInput(moved, list)).toEqual({
      id: 'l1',
      expectedVersion: 4,
      title: '',
      note: 'Call first',
      language: 'ES',
      items: [
        { id: 'i2', serviceId: 's2', note: 'Bring ID' },
        { id: 'i1', serviceId: 's1', note: null },
      ],
    });
  });

  it('names the input an API issue belongs to', () => {
    expect(listFieldId('items.1.note')).toBe('list-item-1-note');
    expect(listFieldId('note')).toBe('list-note');
    expect(listFieldId('to')).toBe('list-send-to');
  });
});
