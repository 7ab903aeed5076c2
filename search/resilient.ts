import { isSearchError, SearchUnavailableError } from "./errors";
import type { DocType, SearchDoc, SearchEngine, SearchQuery, SearchResult } from "./port";

export type BreakerState = "closed" | "open" | "half-open";

export type BreakerOptions = {
  /** a query slower than this counts as a failure and is answered by the fallback */
  queryTimeoutMs?: number;
  /** consecutive failures that open the circuit */
  failureThreshold?: number;
  /** how long the circuit stays open before one probe is let through */
  coolDownMs?: number;
  now?: () => number;
  onStateChange?: (state: BreakerState, reason: string) => void;
};

export function breakerOptionsFromEnv(env = process.env): BreakerOptions {
  const num = (v: string | undefined, d: number) => (v && Number.isFinite(Number(v)) ? Number(v) : d);
  return {
    queryTimeoutMs: num(env.MEILI_QUERY_TIMEOUT_MS, 1000),
    failureThreshold: num(env.MEILI_BREAKER_FAILURES, 3),
    coolDownMs: num(env.MEILI_BREAKER_COOLDOWN_MS, 30_000),
  };
}

/**
 * A circuit breaker in front of the primary engine (Meilisearch), with the embedded engine as
 * the stand-in for queries. Closed: calls go to the primary; a failure or a slow answer is
 * answered by the fallback, marked `degraded`. After `failureThreshold` failures in a row the
 * circuit opens: for `coolDownMs` nothing is sent to the primary at all (no retry storm). Then
 * one call is let through (half-open): success closes the circuit, failure opens it again.
 *
 * Writes go to the fallback first, always, so its results are never stale, then to the primary
 * through the same breaker; a failure is thrown so the outbox keeps the rows and retries.
 */
export class ResilientEngine implements SearchEngine {
  readonly name = "meilisearch" as const;
  private state: BreakerState = "closed";
  private failures = 0;
  private openedAt = 0;
  private probing = false;
  private lastError: string | undefined;
  private readonly o: Required<Omit<BreakerOptions, "onStateChange">> & Pick<BreakerOptions, "onStateChange">;

  constructor(
    readonly primary: SearchEngine,
    readonly fallback: SearchEngine,
    opts: BreakerOptions = {},
  ) {
    this.o = { queryTimeoutMs: 1000, failureThreshold: 3, coolDownMs: 30_000, now: Date.now, ...opts };
  }

  breaker(): { state: BreakerState; failures: number; lastError?: string; retryInMs?: number } {
    const s = this.currentState();
    return { state: s, failures: this.failures, lastError: this.lastError, retryInMs: s === "open" ? Math.max(0, this.openedAt + this.o.coolDownMs - this.o.now()) : undefined };
  }

  private currentState(): BreakerState {
    if (this.state === "open" && this.o.now() - this.openedAt >= this.o.coolDownMs) return "half-open";
    return this.state;
  }

  private setState(s: BreakerState, reason: string): void {
    if (this.state === s) return;
    this.state = s;
    this.o.onStateChange?.(s, reason);
  }

  /** Whether this call may go to the primary; reserves the single half-open probe. */
  private admit(): boolean {
    const s = this.currentState();
    if (s === "closed") return true;
    if (s === "open" || this.probing) return false;
    this.probing = true;
    this.setState("half-open", "cool-down over");
    return true;
  }

  private succeeded(): void {
    this.probing = false;
    this.failures = 0;
    this.setState("closed", "primary answered");
  }

  private failed(e: SearchUnavailableError): void {
    this.lastError = e.message;
    // a refused request (bad key, failed task) says nothing about the server's health
    if (!e.transient) {
      if (this.probing && e.kind !== "building") this.succeeded();
      else this.probing = false;
      return;
    }
    const wasProbe = this.probing;
    this.probing = false;
    this.failures += 1;
    if (wasProbe || this.failures >= this.o.failureThreshold) {
      this.openedAt = this.o.now();
      this.state = "closed"; // force the notification even when re-opening from half-open
      this.setState("open", e.message);
    }
  }

  private async call<T>(fn: () => Promise<T>, timeoutMs?: number): Promise<T> {
    if (!this.admit()) throw new SearchUnavailableError("circuit_open", this.lastError ?? "circuit open", true);
    let timer: NodeJS.Timeout | undefined;
    try {
      const work = fn();
      const result = timeoutMs
        ? await Promise.race([
            work,
            new Promise<never>((_, reject) => {
              timer = setTimeout(() => reject(new SearchUnavailableError("timeout", `no answer within ${timeoutMs} ms`, true)), timeoutMs);
            }),
          ])
        : await work;
      this.succeeded();
      return result;
    } catch (e) {
      const err = isSearchError(e) ? e : new SearchUnavailableError("unavailable", (e as Error)?.message ?? String(e), true);
      this.failed(err);
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    try {
      return await this.call(() => this.primary.search(query), this.o.queryTimeoutMs);
    } catch {
      const r = await this.fallback.search(query);
      return { ...r, engine: "embedded", degraded: true };
    }
  }

  async ensureReady(): Promise<void> {
    await this.fallback.ensureReady();
    await this.call(() => this.primary.ensureReady());
  }

  async upsert(docs: SearchDoc[]): Promise<void> {
    await this.fallback.upsert(docs);
    await this.call(() => this.primary.upsert(docs));
  }

  async remove(ids: string[]): Promise<void> {
    await this.fallback.remove(ids);
    await this.call(() => this.primary.remove(ids));
  }

  /** The primary's count; the fallback's when the primary cannot answer. */
  async count(type?: DocType): Promise<number> {
    try {
      return await this.call(() => this.primary.count(type));
    } catch {
      return this.fallback.count(type);
    }
  }

  /** Both indexes from the same documents (held in memory once; the reindex script rebuilds each engine from its own pass instead). */
  async rebuild(batches: AsyncIterable<SearchDoc[]> | Iterable<SearchDoc[]>): Promise<{ documents: number }> {
    const all: SearchDoc[][] = [];
    for await (const b of batches) all.push(b);
    await this.fallback.rebuild(all);
    return this.call(() => this.primary.rebuild(all));
  }

  async health(): Promise<{ ok: boolean; detail?: string }> {
    const b = this.breaker();
    const h = b.state === "open" ? { ok: false, detail: `circuit open: ${b.lastError ?? ""}` } : await this.primary.health();
    return { ok: h.ok, detail: `meilisearch ${h.ok ? "ok" : "down"} (${b.state})${h.detail ? `: ${h.detail}` : ""}; fallback ready` };
  }
}
