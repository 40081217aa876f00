/**
 * Counting semaphores for the per-host and global concurrency limits (DESIGN.md section 4: "at most a few
 * requests at a time per host and a bounded total"). First come, first served.
 */
export class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency limit must be >= 1, got ${limit}`);
  }

  get inUse(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Resolves with a release function once a slot is free; rejects if the signal aborts while waiting. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        this.active++;
        resolve(this.releaser());
      };
      const onAbort = () => {
        const i = this.waiting.indexOf(grant);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(signal?.reason);
      };
      this.waiting.push(grant);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      const next = this.waiting.shift();
      if (next) next();
    };
  }
}

/** One semaphore per key (host), created on first use and dropped when idle. */
export class KeyedSemaphore {
  private readonly byKey = new Map<string, Semaphore>();

  constructor(readonly limit: number) {}

  async acquire(key: string, signal?: AbortSignal): Promise<() => void> {
    let sem = this.byKey.get(key);
    if (!sem) {
      sem = new Semaphore(this.limit);
      this.byKey.set(key, sem);
    }
    const release = await sem.acquire(signal);
    const owner = sem;
    return () => {
      release();
      if (owner.inUse === 0 && owner.queued === 0 && this.byKey.get(key) === owner) this.byKey.delete(key);
    };
  }
}
