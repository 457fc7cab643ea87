/**
 * The typed model of a `kinesis_requirement.md` file (the seed's working scratchpad). Every element
 * keeps its source range so diagnostics point at the right characters and edits touch only them.
 */
import type { LineIndex, Range } from '../text';
import type { ParsedThroughput, RequirementStatus } from './valueParsers';

/** The seed template's sections, recognised by heading text; anything else is `other`. */
export type SectionKind = 'overview' | 'requirements' | 'dataFlow' | 'designConsiderations' | 'checklist' | 'other';

/** A heading and everything up to the next heading of the same or a higher level. */
export interface DocumentSection {
  readonly kind: SectionKind;
  readonly title: string;
  readonly level: number;
  readonly headingRange: Range;
  /** From the heading to the end of the section's last line. */
  readonly range: Range;
  readonly startLine: number;
  /** First line after the section. */
  readonly endLine: number;
}

/** A bullet such as `- **Domain**: IoT`. Items without a label have `label` ''. */
export interface LabeledItem {
  readonly label: string;
  readonly value: string;
  /** The whole list item. */
  readonly range: Range;
  readonly labelRange: Range;
  /** The value text; an empty range right after the label when there is no value. */
  readonly valueRange: Range;
}

/** A `- [ ]` / `- [x]` line of the Validation Checklist. */
export interface ChecklistItem {
  readonly index: number;
  readonly text: string;
  readonly checked: boolean;
  readonly range: Range;
  /** The single character between the brackets. */
  readonly boxRange: Range;
}

/** The requirement-table columns the engine understands. */
export type ColumnKind =
  | 'id'
  | 'description'
  | 'throughput'
  | 'recordSize'
  | 'latency'
  | 'retention'
  | 'processingType'
  | 'status'
  | 'partitionKey'
  | 'stream';

/** A header cell and the kind of value the engine reads from its column. */
export interface TableColumn {
  /** Undefined for columns the engine does not interpret (they are still preserved). */
  readonly kind?: ColumnKind;
  readonly header: string;
  readonly index: number;
  readonly range: Range;
}

/** One cell. Cells the row does not have (short rows) exist with `present: false`. */
export interface TableCell {
  /** Trimmed text with `\|` unescaped. */
  readonly text: string;
  readonly present: boolean;
  /** The trimmed content; for an empty cell a zero-length range where text would go. */
  readonly range: Range;
}

/** A table that holds requirements (normally the one under "Streaming Requirements Analysis"). */
export interface RequirementsTable {
  readonly index: number;
  readonly range: Range;
  readonly headerLine: number;
  readonly delimiterLine: number;
  readonly columns: readonly TableColumn[];
  /** Column position of each understood kind. */
  readonly columnOf: Readonly<Partial<Record<ColumnKind, number>>>;
  /** Line of each body row, in order. */
  readonly rowLines: readonly number[];
  /** Whether rows are written with a leading `|` (new rows copy the style). */
  readonly leadingPipe: boolean;
  readonly trailingPipe: boolean;
}

/** Where a requirement's partition key was found. */
export interface PartitionKeyMention {
  readonly text: string;
  readonly range: Range;
  readonly source: 'column' | 'description' | 'designConsiderations';
}

/** One requirement row with its values read tolerantly. Absent or unreadable values are undefined. */
export interface Requirement {
  /** Position in `RequirementDocument.requirements` (all tables, in document order). */
  readonly index: number;
  readonly tableIndex: number;
  readonly line: number;
  readonly range: Range;
  /** One cell per table column, in column order. */
  readonly cells: readonly TableCell[];
  /** The cells of understood columns. */
  readonly fields: Readonly<Partial<Record<ColumnKind, TableCell>>>;
  /** The requirement's label as written (`1`, `R-7`), or its 1-based row number. */
  readonly label: string;
  readonly description?: string;
  readonly throughput: ParsedThroughput;
  readonly recordSizeBytes?: number;
  readonly latencyMs?: number;
  readonly retentionHours?: number;
  readonly processingType?: string;
  readonly status?: RequirementStatus;
  readonly partitionKey?: PartitionKeyMention;
  /** Stream name from an optional Stream column. */
  readonly stream?: string;
}

/** A planned shard count stated in the Stream Configuration bullet. */
export interface PlannedShardCount {
  readonly count: number;
  /** The digits, so a fix can replace them. */
  readonly range: Range;
  /** Set when written as `ClickStream: 12 shards`. */
  readonly streamName?: string;
}

/** What the Data Flow "Stream Configuration" bullet says. */
export interface StreamConfiguration {
  readonly item: LabeledItem;
  readonly plannedShards: readonly PlannedShardCount[];
  readonly mode?: 'provisioned' | 'onDemand';
  readonly retentionHours?: number;
}

/** One entry of the Data Flow "Consumers" bullet. */
export interface ConsumerMention {
  readonly name: string;
  /** Says enhanced fan-out / EFO / SubscribeToShard. */
  readonly enhancedFanOut: boolean;
}

/** The parsed document. `text` and `lines` are the exact input, so edits can be made against it. */
export interface RequirementDocument {
  readonly text: string;
  readonly lines: LineIndex;
  readonly title?: { readonly text: string; readonly range: Range };
  readonly sections: readonly DocumentSection[];
  readonly overview: readonly LabeledItem[];
  readonly dataFlow: readonly LabeledItem[];
  readonly designConsiderations: readonly LabeledItem[];
  readonly tables: readonly RequirementsTable[];
  readonly requirements: readonly Requirement[];
  readonly checklist: readonly ChecklistItem[];
  readonly streamConfiguration?: StreamConfiguration;
  readonly consumers: readonly ConsumerMention[];
  /** The Design Considerations "Partition Key Design" bullet, when it names a key. */
  readonly partitionKeyDesign?: PartitionKeyMention;
}
