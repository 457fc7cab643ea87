/**
 * The shape of one Kinesis tool. The registry (./registry.ts) holds every tool once; the VS Code
 * language-model tools (src/features/lmTools) and the MCP server (src/cli/mcp.ts) are both
 * generated from it, so a tool's name, schema, wording and handler are written once.
 */
import type { z } from 'zod';
import type { PriceTableId } from '../analysis/cost';
import type { ConnectionTarget, KinesisGateway } from '../kinesis/gateway';
import type { StreamChange } from '../kinesis/streamChange';
import type { ILogger } from '../logging';
import type { KinesisToolName } from './names';

/** MCP tool annotations (hints for clients deciding what to confirm). Every tool sets all three. */
export interface ToolAnnotations {
  readonly readOnlyHint: boolean;
  /** A write that removes or reduces something (a stream, a consumer, retention, tags, encryption). */
  readonly destructiveHint: boolean;
  /** Calling it again with the same input has no further effect. */
  readonly idempotentHint: boolean;
}

/** What the surfaces offer the tools: the one gateway, the connection and the workspace, if any. */
export interface ToolContext {
  readonly gateway: KinesisGateway;
  /** Where calls for `region` go on the active connection. */
  target(region: string): ConnectionTarget;
  /** The region used when the call names none. */
  readonly defaultRegion?: string;
  /** "ap-southeast-2 on Local Kinesis (http://127.0.0.1:4567)": where a call for `region` lands, for messages. */
  describeWhere(region: string): string;
  readonly priceTable: PriceTableId;
  /**
   * Why writes are refused right now (read-only mode, restricted mode, an MCP server started
   * without --allow-writes), worded with how to allow them; undefined when writes are allowed.
   */
  writeRefusal(): string | undefined;
  /** Reads a file of the workspace by a path relative to its root; undefined when there is no workspace. */
  readonly workspace?: ToolWorkspace;
  readonly logger?: ILogger;
  readonly signal?: AbortSignal;
}

/** The workspace a tool may read from: only files below its root. */
export interface ToolWorkspace {
  /** Shown in messages. */
  readonly root: string;
  /** @throws Error when the file does not exist or the path leaves the root. */
  readFile(relativePath: string): Promise<string>;
}

/** What a tool call returns: text for the model, and what it changed (for the explorer). */
export interface ToolOutput {
  readonly text: string;
  readonly changes?: readonly StreamChange[];
}

/** A confirmation stating the exact effect of a write, shown before it runs. */
export interface ToolConfirmation {
  readonly title: string;
  /** Markdown. */
  readonly message: string;
}

/** The region a call is for, resolved, and where its calls go. */
export interface ToolTarget {
  readonly region: string;
  readonly target: ConnectionTarget;
  /** {@link ToolContext.describeWhere} of the region. */
  readonly where: string;
}

/** One tool. `I` is the parsed (validated) input. */
export interface ToolDefinition<S extends z.ZodObject = z.ZodObject> {
  /** Stable, the same in VS Code and MCP (e.g. `kinesis_listStreams`). */
  readonly name: KinesisToolName;
  /** Short human title ("List streams"). */
  readonly title: string;
  /** For the model: what it does and when to use it. */
  readonly description: string;
  readonly kind: 'read' | 'write';
  readonly annotations: ToolAnnotations;
  /** The IAM actions the tool calls (README). */
  readonly iamActions: readonly string[];
  /**
   * The input, with every rule that can be checked without calling AWS (names, keys, counts,
   * retention); messages are written for a model to act on.
   */
  readonly input: S;
  /** The progress line while it runs. */
  progress(input: z.infer<S>, at: (region?: string) => ToolTarget): string;
  /** Writes only: the exact effect, for the confirmation. */
  confirm?(input: z.infer<S>, at: (region?: string) => ToolTarget): ToolConfirmation;
  run(input: z.infer<S>, call: ToolCall): Promise<ToolOutput>;
}

/** What a handler gets besides its input. */
export interface ToolCall {
  readonly ctx: ToolContext;
  /** Resolves the call's region (a code or a city such as "Sydney", else the default). @throws ToolInputError */
  at(region?: string): ToolTarget;
}

/** Raised for input the model must correct; the message says what to change. Nothing was sent. */
export class ToolInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolInputError';
  }
}

/** Raised when a write is not allowed right now; the message says how to allow it. Nothing was sent. */
export class ToolRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolRefusedError';
  }
}

/** Keeps a definition's input type while collecting it into the registry. */
export function defineTool<S extends z.ZodObject>(definition: ToolDefinition<S>): ToolDefinition<S> {
  return definition;
}
