import { useRouterState } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';

const h1 = () => document.querySelector<HTMLElement>('main h1');

/**
 * After client-side navigation, move focus to the new page's heading (or main) so keyboard and
 * screen-reader users start at the content, as they would after a full page load. The old page
 * can still be on screen when the location changes, so wait for a different heading (briefly).
 */
export function useRouteFocus(): void {
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const previous = useRef<HTMLElement | null>(null);
  const first = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on each change of page
  useEffect(() => {
    if (first.current) {
      first.current = false;
      previous.current = h1();
      return;
    }
    const old = previous.current;
    const started = Date.now();
    let timer = 0;
    const attempt = () => {
      const heading = h1();
      const fresh = heading && heading !== old && heading.isConnected;
      if (!fresh && Date.now() - started < 600) {
        timer = window.setTimeout(attempt, 40);
        return;
      }
      const target = heading ?? document.querySelector<HTMLElement>('main');
      previous.current = heading;
      if (!target) return;
      if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
      target.style.outline = 'none';
      target.focus({ preventScroll: true });
    };
    attempt();
    return () => window.clearTimeout(timer);
  }, [pathname]);
}
