/**
 * What "Kinesis: Tail Stream" reads: from programmatic arguments (validated, no prompt), a shard or
 * consumer node (that shard / that consumer, then the start position), or a stream node or the
 * palette (start position, shards, and optionally an enhanced fan-out consumer).
 */
import * as vscode from 'vscode';
import type { ConnectionTarget, KinesisGateway, ShardInfo } from '../../core/kinesis/gateway';
import { validateSequenceNumber, validateShardId } from '../../core/kinesis/validation';
import { validateTailOptions } from '../../core/tail/reader';
import type { StartPosition, TailOptions } from '../../core/tail/types';
import { UserFacingError } from '../../platform/errors';
import { askPick, askText, BACK, runWizard, storeStep, type Back, type StepPosition } from '../../platform/wizard';
import type { ConnectionManager } from '../../services/connectionManager';
import type { ExplorerNode } from '../../core/explorer/explorerModel';
import { invocationTarget, isProgrammatic, requireRegion, resolveStream } from '../streams/streamArgs';

/** The programmatic argument of kinesis.tailStream (tests, other extensions). */
export interface TailStreamArgs {
  readonly region?: string;
  readonly stream: string;
  /** 'LATEST' | 'TRIM_HORIZON', or { type: 'AT_TIMESTAMP', timestamp: ISO string | Date }, or { type: 'AT_SEQUENCE_NUMBER', sequenceNumber, shardId }. */
  readonly start?: StartPosition['type'] | { readonly type: string; readonly timestamp?: string | Date; readonly sequenceNumber?: string; readonly shardId?: string };
  readonly shardIds?: readonly string[];
  readonly consumerArn?: string;
}

/** A fully chosen tail. */
export interface TailRequest {
  readonly region: string;
  readonly target: ConnectionTarget;
  readonly options: TailOptions;
  /** For the viewer's header. */
  readonly description: string;
}

type StartKind = StartPosition['type'];

// A function, so the descriptions come from the bundle loaded when the wizard runs, not at module load.
const startItems = (): readonly (vscode.QuickPickItem & { start: StartKind })[] => [
  { label: 'LATEST', description: vscode.l10n.t('only records put from now on'), start: 'LATEST' },
  { label: 'TRIM_HORIZON', description: vscode.l10n.t('the oldest record still kept, then everything after it'), start: 'TRIM_HORIZON' },
  { label: 'AT_TIMESTAMP', description: vscode.l10n.t('records that arrived at or after a date and time'), start: 'AT_TIMESTAMP' },
  { label: 'AT_SEQUENCE_NUMBER', description: vscode.l10n.t('one shard, from a sequence number on'), start: 'AT_SEQUENCE_NUMBER' },
];

/** Validates the text of an AT_TIMESTAMP input: an ISO 8601 date-time (a date alone means midnight UTC). */
export function validateTimestampText(text: string): string | undefined {
  const value = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) {
    return vscode.l10n.t('Enter an ISO 8601 date and time, e.g. 2026-11-25T14:30:00Z (a date alone means midnight UTC).');
  }
  const time = Date.parse(value.replace(' ', 'T'));
  if (Number.isNaN(time)) return vscode.l10n.t('"{0}" is not a real date and time.', value);
  if (time > Date.now() + 60_000) return vscode.l10n.t('That time is in the future: no record has arrived yet.');
  return undefined;
}

function parseProgrammaticStart(start: TailStreamArgs['start']): StartPosition {
  if (start === undefined || start === 'LATEST') return { type: 'LATEST' };
  if (start === 'TRIM_HORIZON') return { type: 'TRIM_HORIZON' };
  if (typeof start === 'string') {
    throw new UserFacingError(vscode.l10n.t('start must be LATEST, TRIM_HORIZON, { type: \'AT_TIMESTAMP\', timestamp } or { type: \'AT_SEQUENCE_NUMBER\', sequenceNumber, shardId }, not "{0}".', start));
  }
  switch (start.type) {
    case 'LATEST':
    case 'TRIM_HORIZON':
      return { type: start.type };
    case 'AT_TIMESTAMP': {
      const timestamp = start.timestamp instanceof Date ? start.timestamp : typeof start.timestamp === 'string' && !validateTimestampText(start.timestamp) ? new Date(start.timestamp.trim().replace(' ', 'T')) : undefined;
      if (!timestamp || Number.isNaN(timestamp.getTime())) {
        throw new UserFacingError(typeof start.timestamp === 'string' ? validateTimestampText(start.timestamp)! : vscode.l10n.t('AT_TIMESTAMP needs timestamp: an ISO 8601 date and time.'));
      }
      return { type: 'AT_TIMESTAMP', timestamp };
    }
    case 'AT_SEQUENCE_NUMBER': {
      const problem = validateSequenceNumber(start.sequenceNumber ?? '') ?? validateShardId(start.shardId ?? '');
      if (problem) throw new UserFacingError(problem);
      return { type: 'AT_SEQUENCE_NUMBER', sequenceNumber: start.sequenceNumber!, shardId: start.shardId! };
    }
    default:
      throw new UserFacingError(vscode.l10n.t('Unknown start position "{0}".', start.type));
  }
}

function describe(options: TailOptions, consumerName?: string): string {
  const start = options.start;
  const from = start.type === 'AT_TIMESTAMP' ? vscode.l10n.t('from {0}', start.timestamp.toISOString())
    : start.type === 'AT_SEQUENCE_NUMBER' ? vscode.l10n.t('from sequence number {0} of {1}', start.sequenceNumber, start.shardId)
      : start.type;
  const shards = options.shardIds ? options.shardIds.join(', ') : vscode.l10n.t('all shards');
  if (!options.consumerArn) return `${from} · ${shards}`;
  const consumer = consumerName ?? options.consumerArn.split('/consumer/')[1]?.split(':')[0] ?? vscode.l10n.t('a consumer');
  return vscode.l10n.t('{0} · {1}, enhanced fan-out as {2}', from, shards, consumer);
}

function finish(region: string, target: ConnectionTarget, options: TailOptions, consumerName?: string): TailRequest {
  // Every problem is reported before the first call to Kinesis.
  const problem = validateTailOptions(options);
  if (problem) throw new UserFacingError(problem);
  return { region, target, options, description: describe(options, consumerName) };
}

function shardLabel(shard: ShardInfo): vscode.QuickPickItem & { shardId: string; open: boolean } {
  const closed = shard.endingSequenceNumber !== undefined;
  return {
    label: shard.shardId,
    description: closed ? vscode.l10n.t('closed') : vscode.l10n.t('open'),
    detail: shard.parentShardId ? vscode.l10n.t('child of {0}', [shard.parentShardId, shard.adjacentParentShardId].filter(Boolean).join(' + ')) : undefined,
    shardId: shard.shardId,
    open: !closed,
  };
}

/** A quick pick that accepts several items, with Back from the second step on. */
function askManyShards(position: StepPosition, shards: readonly ShardInfo[]): Promise<string[] | Back> {
  const pick = vscode.window.createQuickPick<ReturnType<typeof shardLabel>>();
  pick.title = `${position.title} (${position.step}/${position.totalSteps})`;
  pick.placeholder = vscode.l10n.t('Choose the shards to read (closed shards hold only older records)');
  pick.canSelectMany = true;
  pick.ignoreFocusOut = true;
  pick.items = shards.map(shardLabel);
  pick.selectedItems = pick.items.filter((i) => i.open);
  pick.buttons = position.step > 1 ? [vscode.QuickInputButtons.Back] : [];
  return new Promise<string[] | Back>((resolve, reject) => {
    let settled = false;
    const done = (action: () => void) => {
      if (!settled) {
        settled = true;
        action();
        pick.dispose();
      }
    };
    pick.onDidAccept(() => {
      if (pick.selectedItems.length === 0) {
        pick.placeholder = vscode.l10n.t('Choose at least one shard');
        return;
      }
      done(() => resolve(pick.selectedItems.map((i) => i.shardId)));
    });
    pick.onDidTriggerButton((b) => { if (b === vscode.QuickInputButtons.Back) done(() => resolve(BACK)); });
    pick.onDidHide(() => done(() => reject(new vscode.CancellationError())));
    pick.show();
  });
}

/** Resolves what to tail, asking only what the invocation did not say. Undefined when cancelled. */
export async function resolveTailRequest(gateway: KinesisGateway, connections: ConnectionManager, arg: unknown): Promise<TailRequest | undefined> {
  if (isProgrammatic(arg)) {
    const args = arg as Partial<TailStreamArgs>;
    const region = requireRegion(connections, args.region);
    if (typeof args.stream !== 'string') throw new UserFacingError(vscode.l10n.t('Name the stream to tail (stream: "<name>").'));
    const options: TailOptions = {
      target: connections.targetFor(region),
      stream: args.stream,
      start: parseProgrammaticStart(args.start),
      shardIds: args.shardIds ? [...args.shardIds] : undefined,
      consumerArn: args.consumerArn,
    };
    return finish(region, options.target, options);
  }

  const node = arg as ExplorerNode | undefined;
  const { region, stream } = await resolveStream(gateway, connections, arg, vscode.l10n.t('Tail Stream'));
  const target = connections.targetFor(region);
  const title = vscode.l10n.t('Tail "{0}"', stream);
  const fixedShard = invocationTarget(arg).shardId;
  const fixedConsumer = node?.kind === 'consumer' ? node.consumer : undefined;

  const state = {
    start: 'LATEST' as StartKind,
    timestampText: new Date(Date.now() - 60 * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    sequenceShard: fixedShard ?? '',
    sequenceNumber: '',
    shardIds: fixedShard ? [fixedShard] as string[] | undefined : undefined,
    consumer: fixedConsumer ? { name: fixedConsumer.name, arn: fixedConsumer.arn } as { name: string; arn: string } | undefined : undefined,
  };
  let shards: ShardInfo[] | undefined;
  const listShards = async () => (shards ??= await gateway.listShards(target, stream));

  const starts = startItems();
  const ok = await runWizard(title, state, [
    async (s, p) => storeStep(await askPick(p, starts, {
      placeholder: fixedShard ? vscode.l10n.t('Where to start reading {0}', fixedShard) : fixedConsumer ? vscode.l10n.t('Where {0} starts reading', fixedConsumer.name) : vscode.l10n.t('Where to start reading'),
      activeItem: starts.find((i) => i.start === s.start),
    }), (v) => { s.start = v.start; }),
    async (s, p) => {
      if (s.start === 'AT_TIMESTAMP') {
        return storeStep(await askText(p, { prompt: vscode.l10n.t('Read records that arrived at or after (ISO 8601, e.g. 2026-11-25T14:30:00Z)'), value: s.timestampText, validate: validateTimestampText }), (v) => { s.timestampText = v.trim(); });
      }
      if (s.start === 'AT_SEQUENCE_NUMBER' && !fixedShard) {
        const all = await listShards();
        return storeStep(await askPick(p, all.map(shardLabel), { placeholder: vscode.l10n.t('The shard the sequence number belongs to') }), (v) => { s.sequenceShard = v.shardId; });
      }
      return 'next';
    },
    async (s, p) => s.start !== 'AT_SEQUENCE_NUMBER' ? 'next' : storeStep(await askText(p, {
      prompt: vscode.l10n.t('Sequence number in {0} to start at', s.sequenceShard), value: s.sequenceNumber, validate: validateSequenceNumber,
    }), (v) => { s.sequenceNumber = v.trim(); }),
    async (s, p) => {
      if (fixedShard || s.start === 'AT_SEQUENCE_NUMBER') return 'next';
      const all = await listShards();
      const choice = await askPick(p, [
        { label: vscode.l10n.t('All shards'), description: vscode.l10n.t('{0} open, {1} closed; follows resharding', all.filter((x) => !x.endingSequenceNumber).length, all.filter((x) => x.endingSequenceNumber).length), many: false },
        { label: vscode.l10n.t('Choose shards…'), description: vscode.l10n.t('read only some shards'), many: true },
      ], { placeholder: vscode.l10n.t('Which shards to read') });
      if (choice === BACK) return BACK;
      if (!choice.many) {
        s.shardIds = undefined;
        return 'next';
      }
      return storeStep(await askManyShards(p, all), (v) => { s.shardIds = v; });
    },
    async (s, p) => {
      if (fixedConsumer) return 'next';
      const details = await gateway.describeStream(target, stream);
      if (details.consumerCount === 0) return 'next';
      const consumers = (await gateway.listConsumers(target, details.arn)).filter((c) => c.status === 'ACTIVE');
      if (consumers.length === 0) return 'next';
      return storeStep(await askPick(p, [
        { label: vscode.l10n.t('Poll with GetRecords'), description: vscode.l10n.t('shares the 2 MB/s per shard read limit with other readers'), consumer: undefined },
        ...consumers.map((c) => ({ label: vscode.l10n.t('Enhanced fan-out as {0}', c.name), description: vscode.l10n.t('SubscribeToShard: its own 2 MB/s per shard (billed)'), consumer: { name: c.name, arn: c.arn } })),
      ], { placeholder: vscode.l10n.t('How to read') }), (v) => { s.consumer = v.consumer; });
    },
  ]);
  if (!ok) return undefined;

  const start: StartPosition = state.start === 'AT_TIMESTAMP' ? { type: 'AT_TIMESTAMP', timestamp: new Date(state.timestampText.replace(' ', 'T')) }
    : state.start === 'AT_SEQUENCE_NUMBER' ? { type: 'AT_SEQUENCE_NUMBER', sequenceNumber: state.sequenceNumber, shardId: state.sequenceShard }
      : { type: state.start };
  const shardIds = state.start === 'AT_SEQUENCE_NUMBER' ? [state.sequenceShard] : state.shardIds;
  return finish(region, target, { target, stream, start, shardIds, consumerArn: state.consumer?.arn }, state.consumer?.name);
}
