/** Open file descriptors of this process (Linux /proc), to check that close() releases every fd. */
import { existsSync, readdirSync } from 'node:fs';

export const canCountFds = existsSync('/proc/self/fd');

export function openFdCount(): number {
  return readdirSync('/proc/self/fd').length;
}
