/**
 * Twitter's follow, block and mute lists hold numeric account ids only. Screen names and display names can be
 * recovered from the user's own tweets: `entities.user_mentions[{id_str, screen_name, name}]` and
 * `in_reply_to_user_id_str` + `in_reply_to_screen_name` (reference/formats.md 1.2; timhutton's parser does the
 * same). People rename themselves, so the most recent sighting wins. Mention ids of -1 mean "unknown account".
 */
export interface RecoveredName {
  username: string | null;
  displayName: string | null;
}

interface Sighting {
  value: string;
  at: number;
}

export class NameBook {
  private readonly usernames = new Map<string, Sighting>();
  private readonly displayNames = new Map<string, Sighting>();

  /** Records that account `id` was called `username` (and `displayName`, when given) at time `at` (ms; 0 when unknown). */
  see(id: string | null | undefined, username: string | null | undefined, displayName: string | null | undefined, at: number): void {
    if (!id || id === '-1' || !/^\d+$/.test(id)) return;
    if (username) remember(this.usernames, id, username, at);
    if (displayName) remember(this.displayNames, id, displayName, at);
  }

  get(id: string): RecoveredName {
    return {
      username: this.usernames.get(id)?.value ?? null,
      displayName: this.displayNames.get(id)?.value ?? null,
    };
  }

  get size(): number {
    return this.usernames.size;
  }
}

function remember(map: Map<string, Sighting>, id: string, value: string, at: number): void {
  const old = map.get(id);
  if (!old || at >= old.at) map.set(id, { value, at });
}
