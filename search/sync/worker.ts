import type { Db } from "#db/client";
import type { SearchEngine } from "../port";
import { drainOutbox, type DrainOptions, type DrainReport } from "./drain";

export type OutboxWorker = {
  /** drain now (or right after the drain in progress); resolves when the outbox was visited */
  trigger(): Promise<void>;
  /** resolves when no drain is running */
  idle(): Promise<void>;
  stop(): void;
};

export type WorkerOptions = DrainOptions & {
  /** drain on this interval too, to pick up retries whose backoff has passed; 0 = never */
  intervalMs?: number;
  onReport?: (r: DrainReport) => void;
  onError?: (e: unknown) => void;
};

/**
 * Drains the search outbox after commits and on an interval. Single-flight: at most one drain
 * runs in this process; a trigger during a drain schedules exactly one more drain after it, so
 * rows committed meanwhile are never left waiting for the interval.
 */
export function createOutboxWorker(db: Db, engine: SearchEngine | (() => SearchEngine), opts: WorkerOptions = {}): OutboxWorker {
  const { intervalMs = 5_000, onReport, onError, ...drainOpts } = opts;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  const runOnce = async (): Promise<void> => {
    try {
      const r = await drainOutbox(db, typeof engine === "function" ? engine() : engine, drainOpts);
      if (r.batches > 0) onReport?.(r);
    } catch (e) {
      onError?.(e);
    }
  };

  const loop = async (): Promise<void> => {
    do {
      again = false;
      await runOnce();
    } while (again && !stopped);
    running = undefined;
  };

  const trigger = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = loop();
    return running;
  };

  const timer = intervalMs > 0 ? setInterval(() => void trigger(), intervalMs) : undefined;
  timer?.unref();

  return {
    trigger,
    idle: () => running ?? Promise.resolve(),
    stop: () => {
      stopped = true;
      if (timer) clearInterval(timer);
    },
  };
}
