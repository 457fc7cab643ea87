/**
 * What Kinesis Studio changed, announced after each mutation so views and caches (the explorer, the
 * record files' stream names) catch up without the code that changed it knowing who listens.
 */
export type StreamChange =
  /** A stream appeared in or left `region`: that region's stream list is stale. */
  | { readonly kind: 'created' | 'deleted'; readonly region: string; readonly stream: string }
  /** One stream's shards, tags, consumers or settings changed. */
  | { readonly kind: 'updated'; readonly region: string; readonly stream: string }
  /** Anything may have changed (the user asked to re-list everything): every listing is stale. */
  | { readonly kind: 'all' };
