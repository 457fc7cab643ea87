/**
 * The one place the report builds the doctor's data sources. Kinesis (the gateway) is always there;
 * the CloudWatch, Lambda and KCL lease table sources are built from the same connection target when
 * their check is asked for, so the command, the report's "Run again" and the tests all diagnose
 * with the same sources.
 *
 * The SDK clients of those sources are imported on first use only (this file is part of the lazy
 * dist/doctor.js, never of dist/extension.js). Each source is guarded: when one fails (say,
 * AccessDenied on lambda:ListEventSourceMappings) the rest of the diagnosis still runs, the report
 * gets a warning naming the check that failed and what to do, and the findings that check would
 * have drawn from missing data are dropped.
 */
import * as vscode from 'vscode';
import type { DoctorMetricsSource, StreamMetrics, StreamMetricsRequest } from '../../core/doctor/cloudwatch';
import type { DiagnoseSources } from '../../core/doctor/diagnose';
import { sortFindings, type Finding, type FindingCode } from '../../core/doctor/findings';
import type { KclLease, KclLeaseSource } from '../../core/doctor/kcl';
import type { EventSourceMappingInfo, LambdaMappingSource } from '../../core/doctor/lambda';
import { errorMessage } from '../../core/errorMessage';
import type { CallOptions, ConnectionTarget, KinesisGateway } from '../../core/kinesis/gateway';
import type { ILogger } from '../../core/logging';
import type { DoctorChecks } from './checks';

export interface DoctorSourceDeps {
  readonly gateway: KinesisGateway;
  readonly logger: ILogger;
}

export type DoctorCheck = 'cloudwatch' | 'lambda' | 'kcl';

/** A check that could not run, and why (the SDK's message, which names the missing permission). */
export interface CheckFailure {
  readonly check: DoctorCheck;
  readonly message: string;
}

/** The sources of one run, the checks that failed during it, and their disposal. */
export interface DoctorRunSources extends vscode.Disposable {
  readonly sources: DiagnoseSources;
  readonly failures: readonly CheckFailure[];
  /** The report's findings without those a failed check drew from missing data, plus one warning per failure. */
  withFailures(findings: readonly Finding[], stream: string): Finding[];
}

/** Findings only a check's data produces: with the check failed, they would be artefacts of "no data". */
const FINDINGS_OF_CHECK: Readonly<Record<DoctorCheck, (code: FindingCode) => boolean>> = {
  lambda: (code) => code.startsWith('lambda-'),
  kcl: (code) => code.startsWith('kcl-'),
  cloudwatch: (code) => code === 'iterator-age' || code === 'idle-consumer',
};

function emptyMetrics(request: StreamMetricsRequest): StreamMetrics {
  return { startMs: request.startMs, endMs: request.endMs, periodSeconds: request.periodSeconds, getRecordsCalls: [], iteratorAgeMs: [], readThrottled: [], shards: [], consumers: [] };
}

function failureFinding(failure: CheckFailure, stream: string): Finding {
  const what = {
    cloudwatch: { title: vscode.l10n.t('The CloudWatch check could not run'), permission: 'cloudwatch:GetMetricData' },
    lambda: { title: vscode.l10n.t('The Lambda event source mapping check could not run'), permission: 'lambda:ListEventSourceMappings' },
    kcl: { title: vscode.l10n.t('The KCL lease table check could not run'), permission: 'dynamodb:Scan' },
  }[failure.check];
  return {
    // No finding code says "a check failed"; 'no-data' is the nearest: this part of the report has none.
    code: 'no-data',
    severity: 'warning',
    title: what.title,
    subject: { stream },
    explanation: vscode.l10n.t('The rest of the report is complete, but it says nothing about this check: see the error below.'),
    evidence: { facts: [[vscode.l10n.t('Check'), failure.check], [vscode.l10n.t('Error'), failure.message], [vscode.l10n.t('Needs'), what.permission]] },
    fix: { kind: 'advice', steps: [
      vscode.l10n.t('Grant {0} to the credentials of this connection, or check the name and region.', what.permission),
      vscode.l10n.t('Then press Run again (the report keeps the same checks).'),
    ] },
  };
}

/**
 * Runs one source call; on failure (not a cancel) records it and returns `fallback` so the run goes
 * on. `doing` names the call in the message when the source's own error does not.
 */
function guard<T>(check: DoctorCheck, failures: CheckFailure[], logger: ILogger, fallback: () => T, call: () => Promise<T>, signal?: AbortSignal, doing?: string): Promise<T> {
  return call().catch((error: unknown) => {
    if (signal?.aborted) throw error;
    const message = doing ? `${doing} failed: ${errorMessage(error)}` : errorMessage(error);
    logger.warn(`doctor ${check} check failed: ${message}`);
    if (!failures.some((f) => f.check === check)) failures.push({ check, message });
    return fallback();
  });
}

/**
 * The sources for diagnosing a stream on `target` (its region, profile and endpoint) with `checks`.
 * Dispose the result after the run: it destroys the SDK clients it made.
 */
export async function createDiagnoseSources(deps: DoctorSourceDeps, target: ConnectionTarget, checks: DoctorChecks): Promise<DoctorRunSources> {
  const { logger } = deps;
  const failures: CheckFailure[] = [];
  // Not the Kinesis endpoint: Lambda, DynamoDB and CloudWatch take theirs from the SDK (AWS_ENDPOINT_URL_*), as in the CLI.
  const serviceTarget: ConnectionTarget = { region: target.region, profile: target.profile, localEmulator: target.localEmulator };
  const disposables: { dispose(): void }[] = [];
  let lambda: LambdaMappingSource | undefined;
  if (checks.lambda) {
    const { createAwsLambdaMappingSource } = await import('../../core/doctor/lambdaAws');
    const aws = createAwsLambdaMappingSource(serviceTarget);
    disposables.push(aws);
    lambda = {
      listMappings: (arn: string, options?: CallOptions): Promise<EventSourceMappingInfo[]> =>
        guard('lambda', failures, logger, () => [], () => aws.listMappings(arn, options), options?.signal, `Listing the Lambda event source mappings of ${arn}`),
    };
  }
  let kcl: KclLeaseSource | undefined;
  if (checks.kcl) {
    const { createAwsKclLeaseSource } = await import('../../core/doctor/kclAws');
    const aws = createAwsKclLeaseSource(serviceTarget);
    disposables.push(aws);
    kcl = {
      readLeases: (table: string, options?: CallOptions): Promise<KclLease[]> =>
        guard('kcl', failures, logger, () => [], () => aws.readLeases(table, options), options?.signal),
    };
  }
  let metrics: DoctorMetricsSource | undefined;
  if (checks.cloudwatch) {
    const { createCloudWatchMetricsSource } = await import('../../core/doctor/cloudwatchAws');
    const aws = createCloudWatchMetricsSource();
    disposables.push(aws);
    metrics = {
      streamMetrics: (request) => guard('cloudwatch', failures, logger, () => emptyMetrics(request), () => aws.streamMetrics(request), request.signal, `Reading the CloudWatch metrics of ${request.stream}`),
      dispose: () => undefined,
    };
  }
  return {
    sources: { gateway: deps.gateway, logger, lambda, kcl, metrics },
    failures,
    withFailures: (findings, stream) => {
      const dropped = (f: Finding): boolean => failures.some((failure) => FINDINGS_OF_CHECK[failure.check](f.code));
      return sortFindings([...failures.map((f) => failureFinding(f, stream)), ...findings.filter((f) => !dropped(f))]);
    },
    dispose: () => { for (const d of disposables.splice(0)) d.dispose(); },
  };
}
