// Evidence and source links open in the system browser, never in the app's own window:
// one listener on the document catches every click on a web link (from any view, also
// ones added later) and hands the address to the shell, which checks it again.
import { call } from './api';

/** Whether an address is one the shell will open (absolute http or https). */
export function isWebLink(url: string): boolean {
  return /^https?:\/\/[^\s/]/i.test(url.trim());
}

function webAnchor(event: Event): HTMLAnchorElement | null {
  const target = event.target instanceof Element ? event.target : null;
  const anchor = target?.closest('a[href]');
  if (!(anchor instanceof HTMLAnchorElement)) return null;
  const href = anchor.getAttribute('href') ?? '';
  return /^[a-z][a-z0-9+.-]*:/i.test(href) ? anchor : null;
}

/**
 * Starts intercepting clicks on links that leave the app; returns the function that stops.
 * `onError` hears about links the shell refused or could not open.
 */
export function interceptExternalLinks(root: Document, onError: (message: string) => void): () => void {
  const onClick = (event: MouseEvent) => {
    const anchor = webAnchor(event);
    if (!anchor) return;
    // Whatever happens next, the webview itself never leaves the app.
    event.preventDefault();
    if (event.type === 'auxclick' && event.button !== 1) return;
    const url = anchor.getAttribute('href') ?? '';
    if (!isWebLink(url)) {
      onError(`Only web links (http or https) are opened; this one is not: ${url}`);
      return;
    }
    call('open_link', { url }).catch((e: { message?: string }) => onError(e.message ?? String(e)));
  };
  root.addEventListener('click', onClick, true);
  root.addEventListener('auxclick', onClick, true);
  return () => {
    root.removeEventListener('click', onClick, true);
    root.removeEventListener('auxclick', onClick, true);
  };
}
