import type {
  ListLanguage,
  ResourceListQuery,
  UpdateResourceListInput,
} from '../../../generated/graphql';

type List = ResourceListQuery['resourceList'];

export type DraftItem = {
  id: string;
  serviceId: string;
  name: string;
  note: string;
  gone: boolean;
};

/** What the list editor holds while the coordinator changes it. */
export type ListDraft = {
  title: string;
  note: string;
  language: ListLanguage;
  items: DraftItem[];
};

/** The editor's state for a list as stored. */
export function toDraft(list: List): ListDraft {
  return {
    title: list.title ?? '',
    note: list.note ?? '',
    language: list.language,
    items: list.items.map((item) => ({
      id: item.id,
      serviceId: item.serviceId,
      name: item.service?.name ?? item.serviceId,
      note: item.note ?? '',
      gone: item.service === null,
    })),
  };
}

/** Moves an item up (-1) or down (+1); out of range changes nothing. */
export function moveItem(items: DraftItem[], index: number, delta: -1 | 1): DraftItem[] {
  const target = index + delta;
  const item = items[index];
  const other = items[target];
  if (!item || !other) return items;
  const next = [...items];
  next[index] = other;
  next[target] = item;
  return next;
}

/** The updateResourceList input for a draft of the list at its current version. */
export function toUpdateInput(draft: ListDraft, list: Pick<List, 'id' | 'version'>) {
  const input: UpdateResourceListInput = {
    id: list.id,
    expectedVersion: list.version,
    title: draft.title.trim(),
    note: draft.note.trim(),
    language: draft.language,
    items: draft.items.map((item) => ({
      id: item.id,
      serviceId: item.serviceId,
      note: item.note.trim() || null,
    })),
  };
  return input;
}

/** Whether the draft differs from the stored list. */
export function isDirty(draft: ListDraft, list: List): boolean {
  return (
    JSON.stringify(toUpdateInput(draft, list)) !==
    JSON.stringify(toUpdateInput(toDraft(list), list))
  );
}

/** The editor's input id for an API issue path (`items.1.note` → that item's note). */
export function listFieldId(path: string): string {
  const [head, index, field] = path.split('.');
  if (head === 'items' && index !== undefined) {
    return field === 'note' ? `list-item-${index}-note` : `list-item-${index}`;
  }
  if (head === 'to' || head === 'channel') return 'list-send-to';
  return `list-${head ?? ''}`;
}
