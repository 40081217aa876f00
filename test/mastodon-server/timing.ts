/**
 * How long the server spends answering, for a benchmark that compares the client's wall time with it. Each
 * request counts from its arrival (headers read) to the end of its answer, including reading its body.
 * `handlingMs` sums them (concurrent requests count each); `busyMs` is the time during which at least one
 * request was being answered (their union), the figure to compare a client's wall time with.
 */
import { performance } from 'node:perf_hooks';

export interface HandlingTime {
  requests: number;
  handlingMs: number;
  busyMs: number;
}

export class HandlingClock {
  private requests = 0;
  private handlingMs = 0;
  private busyMs = 0;
  private inFlight = 0;
  private busySince = 0;

  /** Call when a request arrives; call the function returned once its answer is finished (or dropped). */
  start(): () => void {
    const started = performance.now();
    if (this.inFlight++ === 0) this.busySince = started;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const ended = performance.now();
      this.requests++;
      this.handlingMs += ended - started;
      if (--this.inFlight === 0) this.busyMs += ended - this.busySince;
    };
  }

  snapshot(): HandlingTime {
    const open = this.inFlight > 0 ? performance.now() - this.busySince : 0;
    return { requests: this.requests, handlingMs: this.handlingMs, busyMs: this.busyMs + open };
  }

  reset(): void {
    this.requests = 0;
    this.handlingMs = 0;
    this.busyMs = 0;
    if (this.inFlight > 0) this.busySince = performance.now();
  }
}
