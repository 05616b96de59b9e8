import { Component, type ReactNode } from 'react';

export type LoadBoundaryProps = { fallback: ReactNode; children: ReactNode };

/** Shows `fallback` when its children throw, e.g. a code chunk that cannot load offline. */
export class LoadBoundary extends Component<LoadBoundaryProps, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}
