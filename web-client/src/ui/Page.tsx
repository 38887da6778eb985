import { useEffect, useRef, type ReactNode } from 'react';
import { useT } from './i18n';

let initialPageShown = false;

/**
 * Every screen's frame: sets document.title and, after a navigation, moves focus to the h1 so
 * screen-reader and keyboard users start at the new content. The first page keeps the
 * browser's focus, so the skip link stays the first stop.
 */
export function Page({ title, children }: { title: string; children?: ReactNode }) {
  const t = useT();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} – ${t('app.name')}`;
  }, [title, t]);
  useEffect(() => {
    if (!initialPageShown) {
      initialPageShown = true;
      return;
    }
    heading.current?.focus();
  }, []);
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {children}
    </>
  );
}
