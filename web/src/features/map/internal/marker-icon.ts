/** The class list of a service marker: base, plus hover/focus, selection and referable states. */
export function markerClassName(state: {
  active: boolean;
  selected: boolean;
  referable?: boolean;
}): string {
  return [
    'service-marker',
    state.referable ? 'is-referable' : '',
    state.active ? 'is-active' : '',
    state.selected ? 'is-selected' : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** The marker's z-order: the selected one on top, then the highlighted one. */
export function markerZIndexOffset(state: { active: boolean; selected: boolean }): number {
  return state.selected ? 2000 : state.active ? 1000 : 0;
}
