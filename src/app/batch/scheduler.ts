/**
 * Runs the rows, at most `concurrency` at once and never two on the same destination account at once
 * (they would share its rate limits and its journal directory lock). Rows keep their manifest order as far
 * as the account rule allows. Once the signal is aborted no row starts; rows not started are reported by
 * the caller.
 */
export interface Schedulable {
  /** Rows with the same key never run at the same time (the lower-case destination account). */
  key: string;
}

export async function runScheduled<T extends Schedulable, R>(
  items: readonly T[], concurrency: number, run: (item: T) => Promise<R>, signal?: AbortSignal,
): Promise<Map<T, R>> {
  const results = new Map<T, R>();
  const waiting = [...items];
  const busy = new Set<string>();
  let running = 0;
  return new Promise((resolveAll, rejectAll) => {
    const pump = () => {
      while (running < concurrency && !signal?.aborted) {
        const at = waiting.findIndex((i) => !busy.has(i.key));
        if (at < 0) break;
        const [item] = waiting.splice(at, 1) as [T];
        busy.add(item.key);
        running++;
        run(item).then((r) => {
          results.set(item, r);
          busy.delete(item.key);
          running--;
          pump();
        }, rejectAll);
      }
      if (running === 0) resolveAll(results);
    };
    pump();
  });
}
