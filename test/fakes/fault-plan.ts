import type { ServerResponse } from 'node:http';

/** One API call as a fake saw it, in the order calls arrived across every fake sharing the plan. */
export interface RecordedCall {
  readonly service: string;
  readonly operation: string;
}

type Gate = { operation: string; count: number; waiting: Array<() => void> };

/**
 * Faults shared by the fakes of one test: a crash after the Nth API call (the call takes effect,
 * then the connection drops and every later call fails until recover(): a Lambda dying mid-step),
 * and a gate that holds calls to one operation until N have arrived (two invocations racing).
 */
export class FaultPlan {
  readonly calls: RecordedCall[] = [];
  private crashAt: number | undefined;
  private down = false;
  private gate: Gate | undefined;

  /** Crash right after the `n`th call from now (1-based) has been applied. */
  crashAfter(n: number): void {
    this.crashAt = this.calls.length + n;
  }

  /** Lets calls through again (Secrets Manager's retry runs in a fresh Lambda). */
  recover(): void {
    this.down = false;
  }

  /** Recovers and disarms a crash that was armed but not reached. */
  reset(): void {
    this.down = false;
    this.crashAt = undefined;
  }

  get isDown(): boolean {
    return this.down;
  }

  /** Holds calls to `operation` until `count` are waiting, then releases them in arrival order. */
  holdUntil(operation: string, count: number): void {
    this.gate = { operation, count, waiting: [] };
  }

  /** Called by a fake before applying a call; resolves when the call may proceed. */
  async admit(operation: string): Promise<void> {
    const gate = this.gate;
    if (gate === undefined || gate.operation !== operation) return;
    await new Promise<void>((resolve) => {
      gate.waiting.push(resolve);
      if (gate.waiting.length >= gate.count) {
        this.gate = undefined;
        // Released one per macrotask so the first call completes before the second is applied.
        gate.waiting.forEach((release, i) => {
          setTimeout(release, i * 20);
        });
      }
    });
  }

  /** Records an applied call; true when the connection must now drop (the crash point). */
  recordAndCheckCrash(call: RecordedCall): boolean {
    this.calls.push(call);
    if (this.crashAt !== undefined && this.calls.length >= this.crashAt) {
      this.down = true;
      this.crashAt = undefined;
      return true;
    }
    return false;
  }
}

/** Drops the connection without a response, as a dying Lambda's peer would see it. */
export function dropConnection(res: ServerResponse): void {
  res.socket?.destroy();
}
