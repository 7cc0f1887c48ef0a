// Suggested ids for new objects, made from their titles. Only a suggestion: the form lets
// the analyst change it before the object is created, and the core checks it.

/** Longest id the exchange format accepts. */
export const MAX_ID = 128;

/** `Information-sharing arrangement (UK)` → `information-sharing-arrangement-uk`. */
export function slugify(text: string, max = 48): string {
  const ascii = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  const slug = ascii.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  // Cut at a word boundary where possible so the id still reads.
  if (slug.length <= max) return slug;
  const cut = slug.slice(0, max);
  const lastDash = cut.lastIndexOf('-');
  return (lastDash > max / 2 ? cut.slice(0, lastDash) : cut).replace(/-+$/, '');
}

/** An id under a parent (`uk-openai-mou-2025.security`), within the format's length. */
export function childId(parentId: string, title: string): string {
  const own = slugify(title, 40);
  if (!own) return '';
  const id = parentId ? `${parentId}.${own}` : own;
  return id.slice(0, MAX_ID).replace(/[-.]+$/, '');
}
