/**
 * What a fix does, before it does it: new ranges and expected loads of a split, the metrics and
 * their monthly cost, a mapping's field diff, or the guidance with its copyable text. Kinds this
 * page does not know (other analysers may add some) are shown as their fields.
 */
import type { Fix } from '../../core/doctor/findings';
import { el, type Child } from '../common/dom';
import { formatDecimal, formatInteger, formatUsd } from '../common/format';
import * as l10n from '@vscode/l10n';

/** The text the Copy button puts on the clipboard, or undefined when there is nothing to copy. */
export function fixCopyText(fix: Fix): string | undefined {
  switch (fix.kind) {
    case 'saltKey': return `${fix.example}\n\n${fix.tradeOff}`;
    case 'smoothBursts': return fix.advice.join('\n');
    case 'advice': return fix.steps.join('\n');
    case 'updateEventSourceMapping':
      return `aws lambda update-event-source-mapping --uuid ${fix.uuid} ${fix.changes.map((c) => `# ${c.field}: ${JSON.stringify(c.from)} -> ${JSON.stringify(c.to)}`).join(' ')}`;
    case 'splitShard': return `aws kinesis split-shard --shard-to-split ${fix.shardId} --new-starting-hash-key ${fix.newStartingHashKey} --stream-name <stream>`;
    case 'mergeShards': return `aws kinesis merge-shards --shard-to-merge ${fix.shardId} --adjacent-shard-to-merge ${fix.adjacentShardId} --stream-name <stream>`;
    case 'setShardMetrics': return fix.enable.length ? `aws kinesis enable-enhanced-monitoring --shard-level-metrics ${fix.enable.join(' ')} --stream-name <stream>` : undefined;
    default: return JSON.stringify(fix, null, 2);
  }
}

function table(caption: string, headers: readonly string[], rows: readonly (readonly Child[])[]): HTMLTableElement {
  return el('table', { class: 'data' },
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', { attrs: { scope: 'col' } }, h)))),
    el('tbody', {}, ...rows.map((cells) => el('tr', {}, ...cells.map((c) => el('td', {}, c))))));
}

function list(items: readonly string[]): HTMLElement {
  return el('ul', { class: 'steps' }, ...items.map((s) => el('li', {}, s)));
}

export function fixPreview(fix: Fix): HTMLElement {
  const body: Child[] = [];
  switch (fix.kind) {
    case 'splitShard':
      body.push(
        el('p', {}, l10n.t('Split {0} at hash key {1} into two shards:', fix.shardId, fix.newStartingHashKey)),
        table(l10n.t('New shards and the load the sample says each would carry'), [l10n.t('Hash keys'), l10n.t('Share'), l10n.t('Records/s'), l10n.t('Bytes/s')],
          fix.preview.map((c) => [`${c.startingHashKey} – ${c.endingHashKey}`, `${formatDecimal(c.share * 100)}%`, formatInteger(c.expectedRecordsPerSecond), formatInteger(c.expectedBytesPerSecond)])),
      );
      break;
    case 'mergeShards':
      body.push(el('p', {}, l10n.t('Merge {0} with its neighbour {1}: one shard fewer to pay for.', fix.shardId, fix.adjacentShardId)));
      break;
    case 'setShardMetrics':
      if (fix.enable.length) body.push(el('p', {}, l10n.t('Enable: {0}', fix.enable.join(', '))));
      if (fix.disable.length) body.push(el('p', {}, l10n.t('Disable: {0}', fix.disable.join(', '))));
      body.push(el('p', {}, l10n.t('CloudWatch bills them as custom metrics: about {0} a month.', formatUsd(fix.monthlyUsd))));
      break;
    case 'updateEventSourceMapping':
      body.push(
        el('p', {}, l10n.t('UpdateEventSourceMapping {0}:', fix.uuid)),
        table(l10n.t('Changed fields'), [l10n.t('Field'), l10n.t('Now'), l10n.t('After')],
          fix.changes.map((c) => [el('code', {}, c.field), el('del', {}, JSON.stringify(c.from) ?? 'null'), el('ins', {}, JSON.stringify(c.to) ?? 'null')])),
      );
      break;
    case 'saltKey':
      body.push(
        el('p', {}, l10n.t('Spread "{0}" over {1} keys with a random suffix:', fix.partitionKey, fix.suffixes)),
        el('pre', { class: 'snippet' }, el('code', {}, fix.example)),
        el('p', { class: 'trade-off' }, l10n.t('Trade-off: {0}', fix.tradeOff)),
      );
      break;
    case 'smoothBursts':
      body.push(list(fix.advice));
      break;
    case 'advice':
      body.push(list(fix.steps));
      break;
    default: {
      const unknown = fix as { kind: string };
      body.push(el('p', {}, l10n.t('Fix "{0}":', unknown.kind)), el('pre', { class: 'snippet' }, el('code', {}, JSON.stringify(unknown, null, 2))));
    }
  }
  return el('div', { class: 'fix-preview' }, ...body);
}

/** The button's label for a fix kind. */
export function fixLabel(fix: Fix): string {
  switch (fix.kind) {
    case 'saltKey': return l10n.t('Salt the key');
    case 'splitShard': return l10n.t('Split the shard');
    case 'mergeShards': return l10n.t('Merge the shards');
    case 'smoothBursts': return l10n.t('Smooth the bursts');
    case 'setShardMetrics': return l10n.t('Set the shard metrics');
    case 'updateEventSourceMapping': return l10n.t('Update the mapping');
    case 'advice': return l10n.t('What to do');
    default: return l10n.t('Fix');
  }
}

/** Kinds the host applies (through Split, Merge or Enhanced Monitoring); the rest are guidance. */
export function isApplicable(fix: Fix): boolean {
  return fix.kind === 'splitShard' || fix.kind === 'mergeShards' || fix.kind === 'setShardMetrics';
}
