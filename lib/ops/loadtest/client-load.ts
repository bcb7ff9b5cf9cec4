import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

/**
 * Above either, the load generator itself is the bottleneck: responses wait in its event loop
 * before they are timed, so latency is overstated and the request rate understated.
 */
export const CLIENT_SATURATION = {
  /** CPU of the client process, percent of one core (its JavaScript runs on one). */
  cpuPercent: 80,
  /** p99 of the event loop's delay in ms. */
  eventLoopDelayP99Ms: 20,
} as const;

/** How busy the load generator was. */
export interface ClientLoad {
  readonly cpuPercent: number;
  readonly eventLoopDelayP99Ms: number;
  readonly eventLoopDelayMaxMs: number;
  readonly saturated: boolean;
  /** Set when saturated: what was over its threshold and what to do. */
  readonly warning?: string;
}

/** Sampling interval of the event-loop delay monitor, ms. */
const RESOLUTION_MS = 10;

/** Measures CPU and event-loop delay of this process between {@link start} and {@link stop}. */
export class ClientLoadMonitor {
  private readonly delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  private cpu = process.cpuUsage();
  private wall = performance.now();

  start(): void {
    this.cpu = process.cpuUsage();
    this.wall = performance.now();
    this.delay.enable();
  }

  stop(): ClientLoad {
    this.delay.disable();
    const used = process.cpuUsage(this.cpu);
    const wallMs = Math.max(1, performance.now() - this.wall);
    const cpuPercent = Math.round(((used.user + used.system) / 1000 / wallMs) * 1000) / 10;
    // The histogram holds whole sampling intervals (an idle loop records about 10 ms): the delay is
    // what exceeds the interval.
    const late = (ns: number): number => Math.max(0, Math.round((ns / 1e6 - RESOLUTION_MS) * 100) / 100);
    const p99 = this.delay.count > 0 ? late(this.delay.percentile(99)) : 0;
    const max = this.delay.count > 0 ? late(this.delay.max) : 0;
    return judgeClientLoad(cpuPercent, p99, max);
  }
}

export function judgeClientLoad(
  cpuPercent: number,
  eventLoopDelayP99Ms: number,
  eventLoopDelayMaxMs: number,
): ClientLoad {
  const over: string[] = [];
  if (cpuPercent > CLIENT_SATURATION.cpuPercent)
    over.push(`client CPU ${cpuPercent}% of a core > ${CLIENT_SATURATION.cpuPercent}%`);
  if (eventLoopDelayP99Ms > CLIENT_SATURATION.eventLoopDelayP99Ms)
    over.push(`event-loop delay p99 ${eventLoopDelayP99Ms} ms > ${CLIENT_SATURATION.eventLoopDelayP99Ms} ms`);
  return {
    cpuPercent,
    eventLoopDelayP99Ms,
    eventLoopDelayMaxMs,
    saturated: over.length > 0,
    ...(over.length
      ? {
          warning: `the load generator saturated (${over.join('; ')}): latencies are overstated; use fewer connections, a lower --rate, or several machines`,
        }
      : {}),
  };
}
