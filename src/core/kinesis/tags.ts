/** Stream tags as people type them: `key=value` pairs separated by commas. */
import { validateTags } from './validation';

/**
 * Parses "k=v, k2=v2" (an empty string is no tags). `problem` names the first malformed pair or
 * broken tag rule; `tags` holds what parsed before it.
 */
export function parseTags(text: string): { tags: Record<string, string>; problem?: string } {
  const tags: Record<string, string> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0) {
      return { tags, problem: `"${part}" is not key=value.` };
    }
    tags[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return { tags, problem: Object.keys(tags).length ? validateTags(tags) : undefined };
}

/** The inverse of {@link parseTags}: "k=v, k2=v2". */
export function formatTags(tags: Readonly<Record<string, string>>): string {
  return Object.entries(tags).map(([k, v]) => `${k}=${v}`).join(', ');
}
