/**
 * One tail viewer's state, without VS Code: it consumes the reader's events, keeps the newest
 * `maxRecords` rows in a ring (counting what it drops), applies the filter, and hands the viewer the
 * rows it has not shown yet in batches. It also answers the detail of a row and NDJSON export.
 *
 * Row ids grow by one per row, so the ring slot of a row is `id % capacity` and "evicted" is simply
 * `id < oldestId`: the viewer drops its copies of evicted rows by comparing ids.
 */
import { decodeRecord, type DecodedRecord, type DecodedView, type Gunzip } from '../decode';
import { compileFilter, type FilterSpec, type RowPredicate } from './filter';
import { toNdjson, toNdjsonLine, exportedRecord, type ExportedRecord } from './ndjson';
import { rowsOfRecord, type TailRow } from './rows';
import type { StreamTail, TailEvent, TailListener } from './types';

export type ShardReadState = 'starting' | 'reading' | 'throttled' | 'drained';

/** Counters of one shard. */
export interface ShardStats {
  readonly shardId: string;
  readonly parentShardIds: readonly string[];
  /** Kinesis records read (a KPL aggregate counts once). */
  readonly records: number;
  /** Rows made (a KPL aggregate makes one per user record). */
  readonly rows: number;
  readonly millisBehindLatest?: number;
  readonly state: ShardReadState;
  /** When the last record of this shard arrived in the stream (ms since the epoch). */
  readonly lastArrival?: number;
}

export type SessionState = 'idle' | 'running' | 'paused' | 'stopped';

/** Everything the viewer's status strip shows. */
export interface SessionStatus {
  readonly state: SessionState;
  readonly stopReason?: 'stopped' | 'error' | 'allShardsDrained';
  /** The last error the reader reported (fatal or being retried). */
  readonly lastError?: string;
  /** Rows received since the start (KPL user records count one each). */
  readonly received: number;
  readonly kinesisRecords: number;
  /** Rows currently kept (at most maxRecords). */
  readonly retained: number;
  /** Rows dropped from the ring because maxRecords newer ones arrived. */
  readonly dropped: number;
  /** Kept rows that match the filter. */
  readonly matching: number;
  /** The smallest row id still kept (every id below was dropped). */
  readonly oldestId: number;
  readonly filter: FilterSpec;
  readonly shards: readonly ShardStats[];
}

/** One way of showing a record in the detail pane. */
export interface DetailView {
  readonly kind: 'json' | 'text' | 'base64' | 'hex' | 'gzip' | 'kpl';
  readonly text: string;
  /** E.g. "hex shows the first 4096 of 10000 bytes" or why gzip/KPL failed. */
  readonly note?: string;
}

/** The detail pane of one row. */
export interface RecordDetail {
  readonly id: number;
  readonly record: ExportedRecord;
  readonly byteLength: number;
  /** For KPL user records: the aggregate's size and how many user records it holds. */
  readonly aggregate?: { readonly byteLength: number; readonly userRecords: number };
  readonly kplFallbackReason?: string;
  /** Every view that applies, the one to show first first. */
  readonly views: readonly DetailView[];
}

export interface TailSessionOptions {
  /** Ring capacity (rows). */
  readonly maxRecords: number;
  /** Builds the reader; the session passes its own listener. */
  readonly createTail: (listener: TailListener) => StreamTail;
  readonly gunzip?: Gunzip;
  /** Called (synchronously, possibly often) whenever there is something new to show. */
  readonly onChange?: () => void;
}

interface MutableShardStats {
  shardId: string;
  parentShardIds: readonly string[];
  records: number;
  rows: number;
  millisBehindLatest?: number;
  state: ShardReadState;
  lastArrival?: number;
}

export interface RowBatch {
  /** True when the viewer must forget every row it has (the filter changed) before adding these. */
  readonly reset: boolean;
  readonly rows: readonly TailRow[];
}

const EMPTY_FILTER: FilterSpec = { mode: 'text', text: '' };

export class TailSession {
  readonly #capacity: number;
  readonly #slots: (TailRow | undefined)[];
  /** 1 where the row in the same slot matches the current filter. */
  readonly #matched: Uint8Array;
  readonly #tail: StreamTail;
  readonly #gunzip?: Gunzip;
  readonly #onChange?: () => void;
  readonly #shards = new Map<string, MutableShardStats>();
  #nextId = 0;
  #kinesisRecords = 0;
  #matching = 0;
  #filter: FilterSpec = EMPTY_FILTER;
  #predicate: RowPredicate | undefined;
  /** Ids of matching rows not yet taken by the viewer, in order; `#pendingHead` is the next to take. */
  #pending: number[] = [];
  #pendingHead = 0;
  #resetPending = false;
  #state: SessionState = 'idle';
  #stopReason: SessionStatus['stopReason'];
  #lastError: string | undefined;

  constructor(options: TailSessionOptions) {
    if (!Number.isInteger(options.maxRecords) || options.maxRecords < 1) throw new RangeError(`maxRecords must be a positive integer, got ${options.maxRecords}`);
    this.#capacity = options.maxRecords;
    this.#slots = new Array<TailRow | undefined>(this.#capacity);
    this.#matched = new Uint8Array(this.#capacity);
    this.#gunzip = options.gunzip;
    this.#onChange = options.onChange;
    this.#tail = options.createTail((event) => this.handle(event));
  }

  get state(): SessionState { return this.#state; }
  get paused(): boolean { return this.#state === 'paused'; }
  get filter(): FilterSpec { return this.#filter; }
  get maxRecords(): number { return this.#capacity; }
  get received(): number { return this.#nextId; }
  get retained(): number { return Math.min(this.#nextId, this.#capacity); }
  get dropped(): number { return this.#nextId - this.retained; }
  get oldestId(): number { return this.#nextId - this.retained; }
  get matching(): number { return this.#matching; }

  start(): void {
    if (this.#state !== 'idle') return;
    this.#state = 'running';
    this.#tail.start();
    this.#changed();
  }

  /** Stops reading; nothing is skipped, resume() reads on from where reading stopped. */
  pause(): void {
    if (this.#state !== 'running') return;
    this.#tail.pause();
    this.#state = 'paused';
    this.#changed();
  }

  resume(): void {
    if (this.#state !== 'paused') return;
    this.#tail.resume();
    this.#state = 'running';
    this.#changed();
  }

  async stop(): Promise<void> {
    if (this.#state === 'stopped') return;
    this.#state = 'stopped';
    this.#stopReason ??= 'stopped';
    await this.#tail.stop();
    this.#changed();
  }

  /** The reader's listener. Public so tests can feed events directly. */
  handle(event: TailEvent): void {
    switch (event.kind) {
      case 'shardStarted': {
        const shard = this.#shard(event.shardId);
        shard.parentShardIds = event.parentShardIds;
        shard.state = 'reading';
        break;
      }
      case 'records': {
        const shard = this.#shard(event.shardId);
        shard.state = 'reading';
        if (event.millisBehindLatest !== undefined) shard.millisBehindLatest = event.millisBehindLatest;
        for (const record of event.records) {
          this.#kinesisRecords++;
          shard.records++;
          if (record.approximateArrivalTimestamp) shard.lastArrival = record.approximateArrivalTimestamp.getTime();
          const rows = rowsOfRecord(event.shardId, record, () => this.#nextId++, this.#gunzip);
          shard.rows += rows.length;
          for (const row of rows) this.#store(row);
        }
        break;
      }
      case 'shardDrained':
        this.#shard(event.shardId).state = 'drained';
        break;
      case 'throttled':
        this.#shard(event.shardId).state = 'throttled';
        break;
      case 'iteratorRenewed':
      case 'resubscribed':
        break;
      case 'error':
        this.#lastError = `${event.shardId ? `${event.shardId}: ` : ''}${event.error.message}`;
        break;
      case 'stopped':
        this.#state = 'stopped';
        this.#stopReason = event.reason;
        break;
    }
    this.#changed();
  }

  /**
   * Changes the filter. An invalid filter returns its error and leaves the current one in force.
   * A valid one re-filters every kept row; the next batch resets the viewer's rows.
   */
  setFilter(spec: FilterSpec): string | undefined {
    const compiled = compileFilter(spec);
    if (!compiled.ok) return compiled.error;
    this.#filter = { mode: spec.mode, text: spec.text };
    this.#predicate = compiled.predicate;
    this.#matching = 0;
    this.#pending = [];
    this.#pendingHead = 0;
    for (let id = this.oldestId; id < this.#nextId; id++) {
      const slot = id % this.#capacity;
      const row = this.#slots[slot];
      const matches = row !== undefined && this.#matches(row);
      this.#matched[slot] = matches ? 1 : 0;
      if (matches) {
        this.#matching++;
        this.#pending.push(id);
      }
    }
    this.#resetPending = true;
    this.#changed();
    return undefined;
  }

  /** True when there are rows (or a reset) the viewer has not taken yet. */
  get hasPending(): boolean {
    return this.#resetPending || this.#pendingHead < this.#pending.length;
  }

  /** Takes up to `max` matching rows the viewer has not shown yet (rows evicted meanwhile are skipped). */
  takeBatch(max: number): RowBatch {
    const reset = this.#resetPending;
    this.#resetPending = false;
    const rows: TailRow[] = [];
    const oldest = this.oldestId;
    while (rows.length < max && this.#pendingHead < this.#pending.length) {
      const id = this.#pending[this.#pendingHead++];
      if (id < oldest) continue;
      const row = this.#slots[id % this.#capacity];
      if (row) rows.push(row);
    }
    if (this.#pendingHead > 4096 && this.#pendingHead * 2 > this.#pending.length) {
      this.#pending = this.#pending.slice(this.#pendingHead);
      this.#pendingHead = 0;
    }
    return { reset, rows };
  }

  /** The kept row with this id. */
  row(id: number): TailRow | undefined {
    if (!Number.isInteger(id) || id < this.oldestId || id >= this.#nextId) return undefined;
    return this.#slots[id % this.#capacity];
  }

  /** Kept rows, in id order, skipping ids no longer kept. */
  rows(ids: Iterable<number>): TailRow[] {
    const found: TailRow[] = [];
    for (const id of [...ids].sort((a, b) => a - b)) {
      const row = this.row(id);
      if (row) found.push(row);
    }
    return found;
  }

  /** Every kept row that matches the filter, in order. */
  matchingRows(): TailRow[] {
    const found: TailRow[] = [];
    for (let id = this.oldestId; id < this.#nextId; id++) {
      const slot = id % this.#capacity;
      if (this.#matched[slot]) found.push(this.#slots[slot]!);
    }
    return found;
  }

  /** NDJSON of the kept rows among `ids` (see ndjson.ts). */
  toNdjson(ids: Iterable<number>): string {
    return toNdjson(this.rows(ids));
  }

  /** What "Copy record" copies: the record as exported, pretty-printed. */
  copyText(id: number): string | undefined {
    const row = this.row(id);
    return row ? JSON.stringify(exportedRecord(row), null, 2) : undefined;
  }

  ndjsonLine(id: number): string | undefined {
    const row = this.row(id);
    return row ? toNdjsonLine(row) : undefined;
  }

  detail(id: number): RecordDetail | undefined {
    const row = this.row(id);
    if (!row) return undefined;
    const options = { gunzip: this.#gunzip };
    const decoded = decodeRecord(row.data, options);
    const views = detailViews(decoded);
    let aggregate: RecordDetail['aggregate'];
    if (row.subSequenceNumber !== undefined) {
      const outer = decodeRecord(row.recordData, options);
      const kpl = outer.views.find((v) => v.kind === 'kpl');
      if (kpl?.kind === 'kpl' && kpl.ok) {
        aggregate = { byteLength: row.recordData.length, userRecords: kpl.records.length };
        views.push(kplView(kpl.records, row.subSequenceNumber));
      }
    }
    return { id, record: exportedRecord(row), byteLength: row.data.length, aggregate, kplFallbackReason: row.kplFallbackReason, views };
  }

  status(): SessionStatus {
    return {
      state: this.#state,
      stopReason: this.#stopReason,
      lastError: this.#lastError,
      received: this.received,
      kinesisRecords: this.#kinesisRecords,
      retained: this.retained,
      dropped: this.dropped,
      matching: this.#matching,
      oldestId: this.oldestId,
      filter: this.#filter,
      shards: [...this.#shards.values()].map((s) => ({ ...s })),
    };
  }

  #matches(row: TailRow): boolean {
    return this.#predicate ? this.#predicate(row) : true;
  }

  #store(row: TailRow): void {
    const slot = row.id % this.#capacity;
    if (this.#slots[slot] !== undefined && this.#matched[slot]) this.#matching--;
    this.#slots[slot] = row;
    const matches = this.#matches(row);
    this.#matched[slot] = matches ? 1 : 0;
    if (matches) {
      this.#matching++;
      this.#pending.push(row.id);
    }
  }

  #shard(shardId: string): MutableShardStats {
    let shard = this.#shards.get(shardId);
    if (!shard) {
      shard = { shardId, parentShardIds: [], records: 0, rows: 0, state: 'starting' };
      this.#shards.set(shardId, shard);
    }
    return shard;
  }

  #changed(): void {
    this.#onChange?.();
  }
}

const VIEW_ORDER: Record<DetailView['kind'], number> = { gzip: 0, json: 1, text: 2, kpl: 3, base64: 4, hex: 5 };

function primaryText(decoded: DecodedRecord): string {
  const view = decoded.primary;
  return view.kind === 'json' || view.kind === 'text' || view.kind === 'hex' || view.kind === 'base64' ? view.text : '';
}

function detailViews(decoded: DecodedRecord): DetailView[] {
  const views: DetailView[] = [];
  for (const view of decoded.views) {
    switch (view.kind) {
      case 'json':
      case 'text':
      case 'base64':
        views.push({ kind: view.kind, text: view.text });
        break;
      case 'hex':
        views.push({ kind: 'hex', text: view.text, note: view.truncated ? `The first ${view.text.split(' ').length} of ${view.byteLength} bytes.` : undefined });
        break;
      case 'gzip':
        views.push(view.ok
          ? { kind: 'gzip', text: primaryText(view.inner), note: `Inflated from ${decoded.byteLength} to ${view.inner.byteLength} bytes (${view.inner.primary.kind}).` }
          : { kind: 'gzip', text: '', note: `Starts like gzip but ${view.reason}.` });
        break;
      case 'kpl':
        // A KPL row shows its user record's own bytes; an aggregate only reaches here when it failed.
        if (!view.ok) views.push({ kind: 'kpl', text: '', note: `KPL aggregated record shown raw: ${view.reason}.` });
        break;
    }
  }
  const primary = decoded.primary.kind;
  return views.sort((a, b) => (a.kind === primary ? -1 : b.kind === primary ? 1 : VIEW_ORDER[a.kind] - VIEW_ORDER[b.kind]));
}

function kplView(records: readonly { partitionKey: string; decoded: DecodedRecord }[], current: number): DetailView {
  const lines = records.map((r, i) => {
    const view = r.decoded.primary as DecodedView;
    const text = view.kind === 'json' ? JSON.stringify(view.value) : view.kind === 'text' || view.kind === 'hex' ? view.text : view.kind;
    const preview = text.replace(/\s+/g, ' ').slice(0, 120);
    return `${i === current ? '▶' : ' '} #${i}  ${r.partitionKey}  ${preview}`;
  });
  return { kind: 'kpl', text: lines.join('\n'), note: `User record ${current + 1} of ${records.length} in one KPL aggregated record.` };
}
