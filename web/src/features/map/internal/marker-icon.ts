/** The class list of a service marker: base, plus hover/focus and selection states. */
export function markerClassName(state: { active: boolean; selected: boolean }): string {
  return ['service-marker', state.active ? 'is-active' : '', state.selected ? 'is-selected' : '']
    .filter(Boolean)
    .join(' ');
}

/** The marker's z-order: the selected one on top, then the highlighted one. */
export function markerZIndexOffset(state: { active: boolean; selected: boolean }): number {
  return state.selected ? 2000 : state.active ? 1000 : 0;
}
