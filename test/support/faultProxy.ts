/**
 * Test-only HTTP proxy on 127.0.0.1 in front of an emulator that injects the faults the emulators
 * never produce: connection resets, HTTP 500s, and per-entry ProvisionedThroughputExceededException
 * in PutRecords responses. Decisions come from a seeded RNG, so a run is reproducible.
 *
 * A per-entry throttle is injected by rewriting the emulator's successful response: the emulator
 * DID store that record, so a client that re-sends it creates a duplicate, as can happen on AWS when
 * a response is lost. Readers must count duplicates, never lose records.
 */
import { createServer, type Server } from 'node:http';
import { forward, listenOnLoopback, operationOf, readBody, sendJson, sendResponse } from './loopbackHttp';

/** Fault rates (0..1), each drawn per request (per entry for throttles). */
export interface FaultRates {
  /** Destroy the client socket before forwarding: the emulator never sees the request. */
  readonly resetBeforeForward?: number;
  /** Forward, then destroy the socket instead of answering: the emulator applied the request. */
  readonly resetAfterForward?: number;
  /** Answer HTTP 500 InternalFailure without forwarding. */
  readonly http500?: number;
  /** Per PutRecords entry: replace a success with ProvisionedThroughputExceededException. */
  readonly throttleEntry?: number;
}

export interface FaultProxyOptions {
  /** Upstream emulator, e.g. http://127.0.0.1:4567. */
  readonly upstream: string;
  /** RNG seed. Default 1. */
  readonly seed?: number;
  readonly rates?: FaultRates;
  /** Operations (X-Amz-Target suffix, e.g. 'PutRecords') faults apply to. Default: all. */
  readonly operations?: readonly string[];
  /** Stop injecting after this many faults in total (requests then pass through). Default: no limit. */
  readonly maxFaults?: number;
}

/** What the proxy saw and did. */
export interface FaultCounters {
  /** Requests received, per operation. */
  readonly requestsByOperation: Record<string, number>;
  requests: number;
  forwarded: number;
  resetsBeforeForward: number;
  resetsAfterForward: number;
  http500s: number;
  /** PutRecords entries turned into throttles. */
  throttledEntries: number;
  /** PutRecords responses that had at least one injected throttle. */
  throttledResponses: number;
}

export interface FaultProxy {
  /** `http://127.0.0.1:<port>`: use as the target's endpoint. */
  readonly endpoint: string;
  readonly counters: FaultCounters;
  /** Changes rates/operations/limit for the following requests. */
  configure(options: Partial<Omit<FaultProxyOptions, 'upstream' | 'seed'>>): void;
  /** Forces the next `count` matching requests to get `fault`, regardless of rates. */
  forceNext(fault: 'resetBeforeForward' | 'resetAfterForward' | 'http500', count?: number): void;
  /** Zeroes the counters. */
  resetCounters(): void;
  stop(): Promise<void>;
}

/** mulberry32: tiny, fast, good enough for test decisions. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function emptyCounters(): FaultCounters {
  return { requestsByOperation: {}, requests: 0, forwarded: 0, resetsBeforeForward: 0, resetsAfterForward: 0, http500s: 0, throttledEntries: 0, throttledResponses: 0 };
}

/** Starts the proxy on a free 127.0.0.1 port. */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const upstream = new URL(options.upstream);
  const random = seededRandom(options.seed ?? 1);
  let rates: FaultRates = options.rates ?? {};
  let operations = options.operations;
  let maxFaults = options.maxFaults ?? Infinity;
  let counters = emptyCounters();
  const forced: ('resetBeforeForward' | 'resetAfterForward' | 'http500')[] = [];

  const faultsSoFar = () => counters.resetsBeforeForward + counters.resetsAfterForward + counters.http500s + counters.throttledEntries;
  const roll = (rate: number | undefined) => rate !== undefined && rate > 0 && faultsSoFar() < maxFaults && random() < rate;

  const server: Server = createServer((req, res) => {
    void readBody(req).then(async (body) => {
      const operation = operationOf(req.headers);
      counters.requests++;
      counters.requestsByOperation[operation] = (counters.requestsByOperation[operation] ?? 0) + 1;
      const applies = !operations || operations.includes(operation);
      const fault = applies
        ? (forced.shift()
          ?? (roll(rates.resetBeforeForward) ? 'resetBeforeForward' : roll(rates.http500) ? 'http500' : roll(rates.resetAfterForward) ? 'resetAfterForward' : undefined))
        : undefined;

      if (fault === 'resetBeforeForward') {
        counters.resetsBeforeForward++;
        req.socket.destroy();
        return;
      }
      if (fault === 'http500') {
        counters.http500s++;
        sendJson(res, 500, { __type: 'InternalFailure', message: 'Injected by the fault proxy' }, 'fault-proxy');
        return;
      }

      counters.forwarded++;
      const answer = await forward(upstream, req.method ?? 'POST', req.url ?? '/', req.headers, body);
      if (fault === 'resetAfterForward') {
        counters.resetsAfterForward++;
        req.socket.destroy();
        return;
      }
      let responseBody = answer.body;
      if (applies && operation === 'PutRecords' && answer.status === 200 && (rates.throttleEntry ?? 0) > 0) {
        responseBody = injectThrottles(responseBody);
      }
      sendResponse(res, answer.status, answer.headers, responseBody);
    }).catch(() => req.socket.destroy());
  });

  function injectThrottles(body: Buffer): Buffer {
    let parsed: { FailedRecordCount?: number; Records?: Record<string, unknown>[] };
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      return body;
    }
    let injected = 0;
    for (const [i, entry] of (parsed.Records ?? []).entries()) {
      if (entry.ErrorCode || !roll(rates.throttleEntry)) continue;
      parsed.Records![i] = {
        ErrorCode: 'ProvisionedThroughputExceededException',
        ErrorMessage: `Rate exceeded for shard ${String(entry.ShardId ?? 'unknown')} (injected by the fault proxy).`,
      };
      injected++;
    }
    if (injected === 0) return body;
    counters.throttledEntries += injected;
    counters.throttledResponses++;
    parsed.FailedRecordCount = (parsed.Records ?? []).filter((r) => r.ErrorCode).length;
    return Buffer.from(JSON.stringify(parsed));
  }

  const listening = await listenOnLoopback(server);

  return {
    endpoint: listening.endpoint,
    get counters() {
      return counters;
    },
    configure(update) {
      if (update.rates) rates = update.rates;
      if ('operations' in update) operations = update.operations;
      if (update.maxFaults !== undefined) maxFaults = update.maxFaults;
    },
    forceNext(fault, count = 1) {
      for (let i = 0; i < count; i++) forced.push(fault);
    },
    resetCounters() {
      counters = emptyCounters();
    },
    stop: () => listening.stop(),
  };
}
