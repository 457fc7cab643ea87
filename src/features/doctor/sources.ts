/**
 * The one place the report builds the doctor's data sources. Kinesis (the gateway) is always there;
 * the Lambda, KCL lease table and CloudWatch sources that core adds (src/core/doctor/) plug in here
 * with one line each, built from the same connection target, so the command, the report's "Run
 * again" and the tests all diagnose with the same sources.
 */
import type { DiagnoseSources } from '../../core/doctor/diagnose';
import type { ConnectionTarget, KinesisGateway } from '../../core/kinesis/gateway';
import type { ILogger } from '../../core/logging';

export interface DoctorSourceDeps {
  readonly gateway: KinesisGateway;
  readonly logger: ILogger;
}

/** The sources for diagnosing a stream on `target` (its region, profile and endpoint). */
export function createDiagnoseSources(deps: DoctorSourceDeps, _target: ConnectionTarget): DiagnoseSources {
  return {
    gateway: deps.gateway,
    logger: deps.logger,
    // One line per source core adds, e.g. `lambda: createAwsLambdaSource(_target)`.
  };
}
