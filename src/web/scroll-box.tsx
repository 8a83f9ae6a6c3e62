import type { ComponentChildren } from 'preact';

/**
 * A box that scrolls a wide table sideways on a narrow screen; focusable and named so that keyboard users can
 * scroll it too (WCAG 2.1.1, axe's scrollable-region-focusable).
 */
export function ScrollBox({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard to scroll it
    <section class="table-scroll" tabIndex={0} aria-label={label}>
      {children}
    </section>
  );
}
