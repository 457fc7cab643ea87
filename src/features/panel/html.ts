/** Escapes text for a double- or single-quoted HTML attribute value (markdown's escapeAttribute, plus < > for defence in depth). */
export function escapeAttribute(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}
