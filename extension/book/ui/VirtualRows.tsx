import {
  elementScroll,
  observeElementOffset,
  observeElementRect,
  Virtualizer,
} from '@tanstack/virtual-core';
import type { ComponentChild } from 'preact';
import { useEffect, useLayoutEffect, useReducer, useRef, useState } from 'preact/hooks';

export interface VirtualRowsProps {
  readonly count: number;
  /** Every row's height in pixels: rows are one line, so sizes are known, not measured. */
  readonly rowHeight: number;
  readonly row: (index: number) => ComponentChild;
  /** Changes when the rows' order changes, to scroll back to the top. */
  readonly resetKey: unknown;
  readonly label: string;
}

/**
 * Only the rows in view (plus a few) are in the DOM, positioned inside a spacer as tall as all
 * of them: 100k accounts scroll like 30. TanStack's framework-free core does the arithmetic;
 * this is its Preact binding.
 */
export function VirtualRows({ count, rowHeight, row, resetKey, label }: VirtualRowsProps) {
  const scroller = useRef<HTMLElement>(null);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const [virtualizer] = useState(
    () =>
      new Virtualizer<HTMLElement, Element>({
        count,
        getScrollElement: () => scroller.current,
        estimateSize: () => rowHeight,
        overscan: 8,
        scrollToFn: elementScroll,
        observeElementRect,
        observeElementOffset,
        onChange: () => rerender(0),
      }),
  );
  virtualizer.setOptions({ ...virtualizer.options, count, estimateSize: () => rowHeight });
  useLayoutEffect(() => virtualizer._didMount(), [virtualizer]);
  useLayoutEffect(() => virtualizer._willUpdate());
  useEffect(() => {
    virtualizer.scrollToOffset(0);
  }, [resetKey]);
  return (
    <section ref={scroller} class="virtual" aria-label={label}>
      <ul class="virtual-list" style={{ height: `${virtualizer.getTotalSize()}px` }}>
        {virtualizer.getVirtualItems().map((item) => (
          <li
            key={item.key}
            class="virtual-row"
            style={{ transform: `translateY(${item.start}px)`, height: `${rowHeight}px` }}
          >
            {row(item.index)}
          </li>
        ))}
      </ul>
    </section>
  );
}
