/**
 * The user's subscriptions (server/core/controllers/api/users/my-subscriptions.ts). `POST` only queues an
 * `activitypub-follow` job and answers 204; the subscription exists once the job ran. Here a job runs after
 * `delayRequests` further requests to the domain (counted by the server, never wall time), so a test decides
 * exactly when it shows, and a client must reconcile by reading the list.
 */
import type { ChannelRecord, World } from './world.js';
import { splitHandle } from './world.js';

interface Pending {
  channel: ChannelRecord | null;
  handle: string;
  dueAtRequest: number;
}

export class SubscriptionStore {
  /** Applied subscriptions, newest first (PeerTube's default sort is -createdAt). */
  private readonly applied: ChannelRecord[] = [];
  private readonly pending: Pending[] = [];

  constructor(private readonly world: World, private readonly delayRequests: number) {}

  /** Subscribes at once (the server's `alreadySubscribed`). */
  seed(channel: ChannelRecord): void {
    if (!this.applied.includes(channel)) this.applied.unshift(channel);
  }

  /** Queues the job; `channel` null for a handle that names no channel (the job fails, nothing shows). */
  queue(handle: string, channel: ChannelRecord | null, requestNumber: number): void {
    this.pending.push({ channel, handle, dueAtRequest: requestNumber + this.delayRequests });
  }

  /** Runs the jobs due by this request number; returns the channels newly subscribed. */
  runDue(requestNumber: number): ChannelRecord[] {
    const done: ChannelRecord[] = [];
    for (const p of [...this.pending]) {
      if (p.dueAtRequest > requestNumber) continue;
      this.pending.splice(this.pending.indexOf(p), 1);
      if (p.channel && !this.applied.includes(p.channel)) {
        this.applied.unshift(p.channel);
        done.push(p.channel);
      }
    }
    return done;
  }

  list(): ChannelRecord[] {
    return [...this.applied];
  }

  pendingHandles(): string[] {
    return this.pending.map((p) => p.handle);
  }

  /** `{ [uri]: boolean }` as `areSubscriptionsExist` answers, for `name@host` (or a local `name`). */
  exist(uris: string[], localHost: string): Record<string, boolean> {
    const out: Record<string, boolean> = {};
    for (const uri of uris) {
      const [name, host] = splitHandle(uri);
      const c = this.world.channel(name, host ?? localHost);
      out[uri] = c !== undefined && this.applied.includes(c);
    }
    return out;
  }
}
