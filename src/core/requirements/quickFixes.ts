/**
 * Quick fixes as plain TextEdits, chosen by diagnostic code. Each fix is a minimal edit so the user's
 * formatting elsewhere is untouched.
 */
import { range, type TextEdit } from '../text';
import type { DocumentAnalysis } from './analyze';
import { setCell, setChecklistItem, setLabeledValue } from './edits';
import type { RequirementDocument } from './model';
import { DiagnosticCodes, type RequirementDiagnostic } from './validate';

/** A named set of edits that resolves (or works around) one diagnostic. */
export interface CoreQuickFix {
  readonly title: string;
  readonly diagnosticCode: RequirementDiagnostic['code'];
  readonly edits: readonly TextEdit[];
  readonly isPreferred?: boolean;
}

/** Placeholder for unknown throughput: readable, obviously unfinished, and still flagged. */
export const THROUGHPUT_PLACEHOLDER = 'TBD/TBD RPS';

export function getQuickFixes(analysis: DocumentAnalysis, diagnostic: RequirementDiagnostic): CoreQuickFix[] {
  const { model } = analysis;
  const data = diagnostic.data ?? {};
  switch (diagnostic.code) {
    case DiagnosticCodes.throughputMissing: {
      if (data.reason !== 'empty' || data.requirementIndex === undefined) return [];
      return [
        {
          title: `Fill throughput with "${THROUGHPUT_PLACEHOLDER}" (still to estimate)`,
          diagnosticCode: diagnostic.code,
          edits: [setCell(model, data.requirementIndex, 'throughput', THROUGHPUT_PLACEHOLDER)],
          isPreferred: true,
        },
      ];
    }
    case DiagnosticCodes.hotShardRisk: {
      const key = data.partitionKey;
      if (!key) return [];
      const base = key.replace(/^`|`$/g, '');
      const wrap = (text: string) => (key.startsWith('`') ? `\`${text}\`` : text);
      return [
        {
          title: 'Add a random suffix to the partition key (key#0-9)',
          diagnosticCode: diagnostic.code,
          edits: [{ range: diagnostic.range, newText: wrap(`${base} + "#" + random(0,9)`) }],
          isPreferred: true,
        },
        {
          title: 'Add an hourly time bucket to the partition key (spreads load over time)',
          diagnosticCode: diagnostic.code,
          edits: [{ range: diagnostic.range, newText: wrap(`${base} + "#" + hour(yyyyMMddHH)`) }],
        },
      ];
    }
    case DiagnosticCodes.shardsBelowRequirement: {
      const fixes: CoreQuickFix[] = [];
      if (data.requiredShards !== undefined) {
        fixes.push({ title: `Plan ${data.requiredShards} shards`, diagnosticCode: diagnostic.code, edits: [{ range: diagnostic.range, newText: String(data.requiredShards) }], isPreferred: true });
      }
      fixes.push(switchToOnDemand(model, diagnostic.code));
      return fixes;
    }
    case DiagnosticCodes.considerOnDemand:
      return [switchToOnDemand(model, diagnostic.code)];
    case DiagnosticCodes.costAboveThreshold: {
      const r = data.requirementIndex === undefined ? undefined : analysis.requirements[data.requirementIndex];
      // Only offer on-demand when it is the cheapest option that carries this requirement's peak.
      return r?.modeChoice.recommended === 'onDemand' ? [switchToOnDemand(model, diagnostic.code)] : [];
    }
    case DiagnosticCodes.enhancedFanOutRecommended:
    case DiagnosticCodes.sharedThroughputExceeded:
    case DiagnosticCodes.getRecordsExceeded:
    case DiagnosticCodes.latencySharedThroughput: {
      const fix = switchConsumersToEnhancedFanOut(model, data.consumers ?? [], diagnostic.code);
      return fix ? [fix] : [];
    }
    case DiagnosticCodes.checklistUnchecked:
      if (data.checklistIndex === undefined) return [];
      return [{ title: 'Mark as confirmed', diagnosticCode: diagnostic.code, edits: [setChecklistItem(model, data.checklistIndex, true)] }];
    default:
      return [];
  }
}

export const ENHANCED_FAN_OUT_MARK = ' (enhanced fan-out)';

/**
 * Marks each named consumer in the Data Flow "Consumers" bullet as enhanced fan-out, in place, so
 * the analysis (and its cost) then reads it as written. Undefined when no name can be found.
 */
export function switchConsumersToEnhancedFanOut(model: RequirementDocument, names: readonly string[], code: RequirementDiagnostic['code']): CoreQuickFix | undefined {
  const item = model.dataFlow.find((i) => /consumer/i.test(i.label));
  if (!item || names.length === 0) return undefined;
  const edits: TextEdit[] = [];
  for (const name of names) {
    for (let line = item.valueRange.start.line; line <= item.valueRange.end.line; line++) {
      const from = line === item.valueRange.start.line ? item.valueRange.start.character : 0;
      const at = model.lines.lineText(line).indexOf(name, from);
      if (at < 0) continue;
      const end = at + name.length;
      edits.push({ range: range(line, end, line, end), newText: ENHANCED_FAN_OUT_MARK });
      break;
    }
  }
  if (edits.length === 0) return undefined;
  return { title: `Switch ${names.join(', ')} to enhanced fan-out`, diagnosticCode: code, edits, isPreferred: true };
}

const ON_DEMAND = 'On-demand capacity mode';
const SHARD_PHRASES = /\b(?:provisioned(?:\s+(?:mode|capacity))?(?:\s+with)?\s*)?(?:[A-Za-z][\w.-]*\s*(?:stream)?\s*[:=(]\s*)?\d[\d,]*\s*shards?\)?|\bprovisioned(?:\s+(?:mode|capacity(?:\s+mode)?))?|\bshard\s*count\s*[:=]?\s*\d[\d,]*/gi;

/**
 * Rewrites the Stream Configuration bullet to on-demand, dropping shard counts and keeping the rest
 * (retention, encryption). Without such a bullet one is added to the Data Flow section, or a Data
 * Flow section is appended.
 */
export function switchToOnDemand(model: RequirementDocument, code: RequirementDiagnostic['code']): CoreQuickFix {
  const title = 'Switch to on-demand capacity mode';
  const eol = model.lines.eol;
  const config = model.streamConfiguration;
  if (config) {
    const { valueRange } = config.item;
    const firstLineEnd = valueRange.start.line === valueRange.end.line ? valueRange.end.character : model.lines.lineLength(valueRange.start.line);
    const firstLine = model.lines.lineText(valueRange.start.line).slice(valueRange.start.character, firstLineEnd);
    const rest = firstLine
      .replace(SHARD_PHRASES, '')
      .replace(/\s*[,;]\s*(?=[,;]|$)/g, '')
      .replace(/^[\s,;:-]+|[\s,;:-]+$/g, '');
    const edit = setLabeledValue(
      { ...config.item, valueRange: range(valueRange.start.line, valueRange.start.character, valueRange.start.line, firstLineEnd) },
      rest ? `${ON_DEMAND}, ${rest}` : ON_DEMAND,
    );
    return { title, diagnosticCode: code, edits: [edit] };
  }
  const bullet = `- **Stream Configuration**: ${ON_DEMAND}`;
  const dataFlow = model.sections.find((s) => s.kind === 'dataFlow');
  if (dataFlow) {
    const last = model.dataFlow.length > 0 ? model.dataFlow[model.dataFlow.length - 1].range.end.line : dataFlow.headingRange.start.line;
    const at = model.lines.lineLength(last);
    return { title, diagnosticCode: code, edits: [{ range: range(last, at, last, at), newText: eol + bullet }] };
  }
  const last = model.lines.lineCount - 1;
  const at = model.lines.lineLength(last);
  const separator = model.lines.lineText(last) === '' ? eol : eol + eol;
  return { title, diagnosticCode: code, edits: [{ range: range(last, at, last, at), newText: `${separator}## Data Flow Architecture Deep Dive${eol}${bullet}${eol}` }] };
}
