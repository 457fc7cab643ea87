/**
 * Messages between the Stream Doctor's report (host: src/features/doctor, page: src/webview/doctor).
 * Like the other pages' protocols: every message carries `source`, the report's id, and the host
 * validates every message the page posts with the zod schema below. The page imports only types
 * from here, so zod never ships in its bundle.
 *
 * The report travels as {@link DoctorReportView}: the core's findings as they are (JSON-safe by
 * contract, rendered generically from code, severity, title, subject, explanation, evidence and
 * fix, so findings other analysers add show without a change here) plus the window's figures.
 */
import * as z from 'zod/mini';
import type { Finding } from '../core/doctor/findings';
import type { NoticeMessage } from './webviewMessages';

export { DOCTOR_REPORT_VIEW_TYPE } from './viewTypes';

/** One shard's load over the window, for the report's header table. */
export interface DoctorShardLoadView {
  readonly shardId: string;
  readonly open: boolean;
  readonly records: number;
  readonly shareOfStream: number;
  readonly keyspaceShare: number;
  readonly peakRecordsPerSecond: number;
  readonly peakBytesPerSecond: number;
}

export interface DoctorReportView {
  readonly stream: string;
  readonly region: string;
  readonly mode: string;
  readonly openShards: number;
  /** ISO times. */
  readonly windowStart: string;
  readonly windowEnd: string;
  readonly windowSeconds: number;
  readonly sampledRecords: number;
  readonly sampledBytes: number;
  readonly distinctKeys: number;
  readonly truncated: boolean;
  readonly shardLoads: readonly DoctorShardLoadView[];
  /** Sorted by severity, errors first; the page addresses a finding by its index here. */
  readonly findings: readonly Finding[];
}

/** The outcome of a fix the user applied (or tried to). */
export interface DoctorFixOutcome {
  readonly finding: number;
  readonly status: 'applied' | 'refused' | 'cancelled' | 'failed';
  readonly message: string;
}

// ---- host -> page -----------------------------------------------------------------------------------

export type ToDoctorView =
  | {
      readonly type: 'report'; readonly source: string; readonly report: DoctorReportView;
      /** Why fixes cannot be applied now (read-only mode, restricted workspace), or undefined. */
      readonly readOnly?: string;
    }
  | { readonly type: 'fixOutcome'; readonly source: string; readonly outcome: DoctorFixOutcome }
  | NoticeMessage;

export type ToDoctorViewType = ToDoctorView['type'];

// ---- page -> host (validated) -------------------------------------------------------------------------

const source = z.string().check(z.minLength(1), z.maxLength(200));
const findingIndex = z.int().check(z.nonnegative(), z.maximum(10_000));

export const fromDoctorViewSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready'), source }),
  /** Apply the finding's fix (the host confirms with a modal first, and refuses in read-only mode). */
  z.strictObject({ type: z.literal('applyFix'), source, finding: findingIndex }),
  /** Put guidance (a salting snippet, advice) on the clipboard. */
  z.strictObject({ type: z.literal('copy'), source, text: z.string().check(z.maxLength(100_000)) }),
  /** Run the diagnosis again with the same options. */
  z.strictObject({ type: z.literal('rerun'), source }),
]);

export type FromDoctorView = z.infer<typeof fromDoctorViewSchema>;

/** Parses an untrusted message; undefined unless it is a well-formed {@link FromDoctorView}. */
export function parseFromDoctorView(message: unknown): FromDoctorView | undefined {
  const result = fromDoctorViewSchema.safeParse(message);
  return result.success ? result.data : undefined;
}
