/** `@Jack@Example.Social ` → `jack@example.social`: the one spelling of an account handle used as a key. */
export function normalizeHandle(handle: string): string {
  return handle.trim().replace(/^@/, '').toLowerCase();
}
