"use client";

import { useCallback, useEffect, useRef } from "react";

const DEFAULT_MESSAGE = "You have unsaved changes. Leave this page and lose them?";

/**
 * Warns before unsaved work is lost, while `dirty` is true:
 *
 * - closing the tab, reloading or typing another URL: the browser's own `beforeunload` prompt
 *   (browsers ignore custom text there and show their generic one);
 * - clicking a link that would leave this page (a Next `<Link>` or a plain `<a href>`): asks
 *   `window.confirm(message)` from a capture-phase click listener on the document, which runs
 *   before React's handlers, so a declined click never reaches the router. The App Router has no
 *   route-change event to hook instead.
 *
 * Not covered, by design or by the platform:
 * - Back/Forward: `popstate` fires after the history entry has already changed and cannot be
 *   cancelled, so it is not reliably interceptable; `beforeunload` covers it only when the
 *   navigation leaves the app (a full page load).
 * - Programmatic navigation (`router.push`, `redirect` from a server action, form submissions):
 *   call the returned `confirmLeave()` first, e.g. `if (confirmLeave()) router.push(href)`.
 * - Links opened in a new tab or window (modifier click, middle click, `target="_blank"`),
 *   downloads and same-page `#anchor` links: this page stays, so nothing is asked.
 */
export function useUnsavedGuard(dirty: boolean, message: string = DEFAULT_MESSAGE): () => boolean {
  const state = useRef({ dirty, message, allowUntil: 0 });
  useEffect(() => {
    state.current.dirty = dirty;
    state.current.message = message;
  }, [dirty, message]);

  const confirmLeave = useCallback(() => {
    const s = state.current;
    if (!s.dirty) return true;
    const ok = window.confirm(s.message);
    // The user just agreed to leave: do not ask again from beforeunload if this turns into a
    // full page load.
    if (ok) s.allowUntil = Date.now() + 2000;
    return ok;
  }, []);

  useEffect(() => {
    if (!dirty) return;

    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (Date.now() < state.current.allowUntil) return;
      event.preventDefault();
      event.returnValue = ""; // still required by some browsers to show the prompt
    };

    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const anchor = event.target instanceof Element ? event.target.closest("a[href]") : null;
      if (!anchor || !leavesPage(anchor)) return;
      if (!confirmLeave()) {
        event.preventDefault(); // no browser navigation
        event.stopPropagation(); // and no client-side one: Next's <Link> handler never runs
      }
    };

    window.addEventListener("beforeunload", onBeforeUnload);
    document.addEventListener("click", onClick, true);
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      document.removeEventListener("click", onClick, true);
    };
  }, [dirty, confirmLeave]);

  return confirmLeave;
}

function leavesPage(anchor: Element): boolean {
  const target = anchor.getAttribute("target");
  if (target && target !== "_self") return false;
  if (anchor.hasAttribute("download")) return false;
  const href = anchor.getAttribute("href");
  if (!href) return false;
  let url: URL;
  try {
    url = new URL(href, window.location.href);
  } catch {
    return false;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return false; // mailto:, tel:, javascript:
  const here = window.location;
  // Only the fragment differs: the page stays.
  return !(url.origin === here.origin && url.pathname === here.pathname && url.search === here.search);
}
