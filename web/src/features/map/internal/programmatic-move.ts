import type { Map as LeafletMap } from 'leaflet';

const moving = new WeakSet<LeafletMap>();

/**
 * Moves the map from code (fit to results, show a selected service) without animation, so the
 * move events fire inside `move` and listeners can tell them from the user's own panning.
 */
export function moveProgrammatically(map: LeafletMap, move: () => void): void {
  moving.add(map);
  try {
    move();
  } finally {
    moving.delete(map);
  }
}

export function isProgrammaticMove(map: LeafletMap): boolean {
  return moving.has(map);
}
