import { useSyncExternalStore } from 'react';

/**
 * The list a coordinator is filling now ("Add to list" adds here). Only ids are kept, in
 * sessionStorage: nothing about the client, and it ends with the tab.
 */
export type CurrentList = { id: string; serviceIds: string[] };

const KEY = 'wayfinder.currentList';
const CHANGE_EVENT = 'wayfinder:current-list';

/** Reads a stored value; anything malformed counts as no list. */
export function parseCurrentList(raw: string | null): CurrentList | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as unknown;
    if (typeof value !== 'object' || value === null) return null;
    const { id, serviceIds } = value as Record<string, unknown>;
    if (typeof id !== 'string' || !id) return null;
    const ids = Array.isArray(serviceIds)
      ? serviceIds.filter((s): s is string => typeof s === 'string')
      : [];
    return { id, serviceIds: ids };
  } catch {
    return null;
  }
}

/** The list after adding a service (once). */
export function withService(list: CurrentList, serviceId: string): CurrentList {
  return list.serviceIds.includes(serviceId)
    ? list
    : { ...list, serviceIds: [...list.serviceIds, serviceId] };
}

function read(): string | null {
  try {
    return window.sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

/** Makes `list` the current one (null: none) and tells every subscriber. */
export function setCurrentList(list: CurrentList | null): void {
  try {
    if (list) window.sessionStorage.setItem(KEY, JSON.stringify(list));
    else window.sessionStorage.removeItem(KEY);
  } catch {
    // storage off: the list still exists on the server, only the shortcut is lost
  }
  window.dispatchEvent(new Event(CHANGE_EVENT));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener(CHANGE_EVENT, onChange);
  window.addEventListener('storage', onChange);
  return function unsubscribe() {
    window.removeEventListener(CHANGE_EVENT, onChange);
    window.removeEventListener('storage', onChange);
  };
}

/** The current list, re-rendering when it changes. */
export function useCurrentList(): CurrentList | null {
  const raw = useSyncExternalStore(subscribe, read, () => null);
  return parseCurrentList(raw);
}
