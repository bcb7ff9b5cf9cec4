import { BlockingWorkers } from '../../lib/compliance/blocking-workers';

interface Echo {
  readonly id: string;
  readonly thread: number;
}

// Each worker posts one result per id it is given, after a short delay, from its own thread.
const ECHO = `
const { threadId } = require('node:worker_threads');
for (const id of workerData.ids) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.delayMs);
  post({ id, thread: threadId });
}
`;

describe('BlockingWorkers: results from worker threads, waited for synchronously', () => {
  test('each wait gets its own result, whichever worker sends it first; arrivals are seen once', () => {
    const arrived: string[] = [];
    const workers = new BlockingWorkers<Echo>(ECHO, (r) => r.id, { onArrival: (r) => arrived.push(r.id) });
    workers.start({ ids: ['a', 'b'], delayMs: 50 });
    workers.start({ ids: ['c'], delayMs: 10 });
    workers.settle('kept', { id: 'kept', thread: 0 });
    expect(workers.await('b').id).toBe('b');
    expect(workers.await('a').id).toBe('a');
    expect(workers.await('c').thread).not.toBe(workers.await('a').thread);
    expect(workers.await('kept').thread).toBe(0);
    expect(arrived.sort()).toEqual(['a', 'b', 'c']);
  });

  test('a worker that ends without posting is reported, not waited for forever', () => {
    const workers = new BlockingWorkers<Echo>('/* posts nothing */', (r) => r.id, { stallMs: 300 });
    workers.start({});
    const started = Date.now();
    expect(() => workers.await('lost')).toThrow(/no result for lost after 0.3 s without any/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
