/**
 * The consumer-side checks the report runs besides sampling, as the CLI's --cloudwatch, --lambda,
 * --kcl-app/--kcl-table and --polling-readers do: from programmatic arguments (validated before any
 * call) or an "Also check" multi-select quick pick whose choices are remembered per workspace.
 */
import * as vscode from 'vscode';
import { validateLeaseTableName } from '../../core/doctor/kcl';
import { UserFacingError } from '../../platform/errors';
import { askSingleText } from '../../platform/wizard';
import { parseCheckArgs, parsePollingReaders, type DoctorCheckArgs, type DoctorChecks } from './checkArgs';

export type { DoctorCheckArgs, DoctorChecks } from './checkArgs';

/** The checks of programmatic arguments; @throws UserFacingError before any call. */
export function checksFromArgs(args: DoctorCheckArgs): DoctorChecks {
  const checks = parseCheckArgs(args);
  if (typeof checks === 'string') throw new UserFacingError(vscode.l10n.t('Diagnose Stream: {0}', checks));
  return checks;
}

function validatePollingReaders(text: string): string | undefined {
  return parsePollingReaders(text) === undefined ? vscode.l10n.t('Enter the number of polling applications reading the stream, such as 3.') : undefined;
}

/** The checks in words, for the progress title and the log; empty when there are none. */
export function describeChecks(checks: DoctorChecks): string[] {
  return [
    ...(checks.cloudwatch ? ['CloudWatch'] : []),
    ...(checks.lambda ? ['Lambda'] : []),
    ...(checks.kcl ? [`KCL ${checks.kcl.table ?? checks.kcl.application}`] : []),
    ...(checks.pollingReaders !== undefined ? [vscode.l10n.t('{0} polling reader(s)', checks.pollingReaders)] : []),
  ];
}

/** What the quick pick remembers per workspace. */
interface RememberedChecks {
  readonly cloudwatch?: boolean;
  readonly lambda?: boolean;
  readonly kcl?: boolean;
  readonly kclName?: string;
  readonly polling?: boolean;
  readonly pollingReaders?: number;
}

export const REMEMBERED_CHECKS_KEY = 'kinesis.doctor.alsoCheck';

type CheckItem = vscode.QuickPickItem & { readonly check: 'cloudwatch' | 'lambda' | 'kcl' | 'polling' };

/**
 * Asks which consumer-side checks to run besides the sample (none picked is fine); undefined when
 * the user pressed Escape. The picks and names become the next run's defaults in `memento`.
 */
export async function askChecks(stream: string, memento: vscode.Memento | undefined): Promise<DoctorChecks | undefined> {
  const remembered = memento?.get<RememberedChecks>(REMEMBERED_CHECKS_KEY) ?? {};
  const items: CheckItem[] = [
    { check: 'cloudwatch', label: vscode.l10n.t('CloudWatch metrics'), picked: remembered.cloudwatch === true,
      description: vscode.l10n.t('read contention, iterator age, consumer lag, idle consumers, shard-level evidence'),
      detail: vscode.l10n.t('Needs cloudwatch:GetMetricData') },
    { check: 'lambda', label: vscode.l10n.t('Lambda event source mappings'), picked: remembered.lambda === true,
      description: vscode.l10n.t('batch size, retries, bisect, on-failure destination, poison records'),
      detail: vscode.l10n.t('Needs lambda:ListEventSourceMappings') },
    { check: 'kcl', label: vscode.l10n.t('A KCL application…'), picked: remembered.kcl === true,
      description: vscode.l10n.t('its DynamoDB lease table: frozen checkpoints, lost leases, owner thrash'),
      detail: vscode.l10n.t('Needs dynamodb:Scan; reads the table twice, 15 s apart') },
    { check: 'polling', label: vscode.l10n.t('Polling reader applications…'), picked: remembered.polling === true,
      description: vscode.l10n.t('how many applications call GetRecords, for the 5 calls/s per shard limit') },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    canPickMany: true,
    title: vscode.l10n.t('Diagnose "{0}": also check', stream),
    placeHolder: vscode.l10n.t('Consumer-side checks besides the sample (pick none to sample only)'),
  });
  if (!picked) return undefined;
  const has = (check: CheckItem['check']): boolean => picked.some((p) => p.check === check);
  let kclName: string | undefined;
  if (has('kcl')) {
    kclName = (await askSingleText(vscode.l10n.t('Diagnose "{0}": KCL application', stream), {
      prompt: vscode.l10n.t('The KCL application name, or its lease table\'s name when it differs'),
      value: remembered.kclName ?? '',
      validate: (v) => validateLeaseTableName(v.trim()),
    })).trim();
  }
  let pollingReaders: number | undefined;
  if (has('polling')) {
    const text = await askSingleText(vscode.l10n.t('Diagnose "{0}": polling readers', stream), {
      prompt: vscode.l10n.t('How many applications read the stream with GetRecords (not enhanced fan-out)'),
      value: String(remembered.pollingReaders ?? 1),
      validate: validatePollingReaders,
    });
    pollingReaders = parsePollingReaders(text);
  }
  const remember: RememberedChecks = {
    cloudwatch: has('cloudwatch'), lambda: has('lambda'), kcl: has('kcl'), kclName: kclName ?? remembered.kclName,
    polling: has('polling'), pollingReaders: pollingReaders ?? remembered.pollingReaders,
  };
  await memento?.update(REMEMBERED_CHECKS_KEY, remember);
  // KCL names the lease table after the application: one name covers both.
  return checksFromArgs({ cloudwatch: has('cloudwatch'), lambda: has('lambda'), kclApp: kclName, pollingReaders });
}
