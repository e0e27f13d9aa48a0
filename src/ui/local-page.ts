/** True when the page is served from this machine (a dev server): where the panels explain refusals. */
export function isLocalPage(): boolean {
  const host = typeof location === 'undefined' ? '' : location.hostname;
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127\./.test(host);
}
