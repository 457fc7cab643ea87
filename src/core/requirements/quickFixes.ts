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
      const onDemand = r?.cost.onDemand.total;
      const provisioned = r?.cost.provisioned.total;
      // Only offer on-demand when it is actually cheaper for this requirement.
      return onDemand !== undefined && provisioned !== undefined && onDemand < provisioned ? [switchToOnDemand(model, diagnostic.code)] : [];
    }
    case DiagnosticCodes.checklistUnchecked:
      if (data.checklistIndex === undefined) return [];
      return [{ title: 'Mark as confirmed', diagnosticCode: diagnostic.code, edits: [setChecklistItem(model, data.checklistIndex, true)] }];
    default:
      return [];
  }
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
