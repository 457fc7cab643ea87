/**
 * The one Kinesis tool registry. The VS Code language-model tools (src/features/lmTools) and the
 * MCP server (src/cli/mcp.ts) are generated from {@link KINESIS_TOOLS}; package.json's
 * `languageModelTools` is {@link languageModelToolContributions} written out (a unit test keeps
 * them equal). {@link runTool} is the one way a tool runs: validate, refuse writes when not
 * allowed, then the handler. Nothing reaches Kinesis before the first two pass.
 */
import { z } from 'zod';
import { resolveRegion } from '../chat/regions';
import { isKinesisError } from '../kinesis/errors';
import { errorMessage } from '../errorMessage';
import { analyzeRequirementFile, estimateShardsAndCost } from './analysisTools';
import { architectTurnTool } from './architectTool';
import { diagnoseStreamTool } from './doctorTool';
import { describeIssues } from './fields';
import { getRecords, putRecord, putRecords } from './recordTools';
import { deregisterConsumer, describeConsumer, listConsumers, listShards, mergeShards, registerConsumer, splitShard } from './shardTools';
import {
  addTags, createStream, decreaseRetention, deleteStream, describeStream, disableEnhancedMonitoring, enableEnhancedMonitoring, increaseRetention,
  listStreams, listTags, removeTags, startEncryption, stopEncryption, updateShardCount, updateStreamMode,
} from './streamTools';
import {
  ToolInputError, ToolRefusedError, type ToolCall, type ToolConfirmation, type ToolContext, type ToolDefinition, type ToolOutput, type ToolTarget,
} from './types';

/** Every tool, in the order clients list them. */
export const KINESIS_TOOLS: readonly ToolDefinition[] = [
  listStreams, describeStream, createStream, deleteStream,
  updateShardCount, updateStreamMode,
  listShards, splitShard, mergeShards,
  putRecord, putRecords, getRecords,
  registerConsumer, deregisterConsumer, describeConsumer, listConsumers,
  enableEnhancedMonitoring, disableEnhancedMonitoring,
  startEncryption, stopEncryption,
  addTags, removeTags, listTags,
  increaseRetention, decreaseRetention,
  estimateShardsAndCost, analyzeRequirementFile, architectTurnTool,
  diagnoseStreamTool,
] as readonly ToolDefinition[];

export function findTool(name: string): ToolDefinition | undefined {
  return KINESIS_TOOLS.find((t) => t.name === name);
}

/** The region a call is for: its `region` (a code or a city) or the context's default. */
export function toolTarget(ctx: ToolContext, region: string | undefined): ToolTarget {
  let code = ctx.defaultRegion;
  if (region !== undefined && region !== '') {
    const resolved = resolveRegion(region);
    if (!resolved.region) throw new ToolInputError(resolved.problem ?? `Unknown region "${region}".`);
    code = resolved.region;
  }
  if (!code) throw new ToolInputError('No region was given and none is selected. Pass region, for example "ap-southeast-2" or "Sydney".');
  return { region: code, target: ctx.target(code), where: ctx.describeWhere(code) };
}

/** Parses a call's input; @throws ToolInputError with every problem, worded for a model. */
export function parseToolInput<T extends ToolDefinition>(tool: T, raw: unknown): z.infer<T['input']> {
  // A misspelt field ("shardcount") would otherwise be dropped and its default used: refuse it instead.
  const unknown = raw && typeof raw === 'object' ? Object.keys(raw).filter((key) => !(key in tool.input.shape)) : [];
  if (unknown.length) throw new ToolInputError(`Invalid input for ${tool.name}: unknown field(s) ${unknown.map((k) => `"${k}"`).join(', ')}; the fields are ${Object.keys(tool.input.shape).join(', ')}.`);
  const parsed = tool.input.safeParse(raw ?? {});
  if (!parsed.success) throw new ToolInputError(`Invalid input for ${tool.name}: ${describeIssues(parsed.error)}`);
  return parsed.data as z.infer<T['input']>;
}

/** What the surfaces show before a call runs: the progress line and, for writes, the confirmation. */
export interface ToolPreparation {
  readonly progress: string;
  readonly confirmation?: ToolConfirmation;
  /** Set when the call will not run (bad input, writes refused): nothing to confirm. */
  readonly problem?: string;
}

/** Validates first (so a bad call is never confirmed), then checks whether writes are allowed. */
export function prepareTool(tool: ToolDefinition, raw: unknown, ctx: ToolContext): ToolPreparation {
  try {
    const input = parseToolInput(tool, raw);
    const at = (region?: string) => toolTarget(ctx, region);
    const progress = tool.progress(input, at);
    if (tool.kind !== 'write') return { progress };
    const refusal = ctx.writeRefusal();
    if (refusal) return { progress: `Refused: ${refusal}`, problem: refusal };
    return { progress, confirmation: tool.confirm?.(input, at) };
  } catch (error) {
    return { progress: `Checking the request: ${errorMessage(error)}`, problem: errorMessage(error) };
  }
}

/**
 * Runs one call: input validated, writes refused unless allowed, then the handler.
 * @throws ToolInputError (nothing sent), ToolRefusedError (nothing sent), KinesisError or Error from the call.
 */
export async function runTool(tool: ToolDefinition, raw: unknown, ctx: ToolContext): Promise<ToolOutput> {
  const input = parseToolInput(tool, raw);
  if (tool.kind === 'write') {
    const refusal = ctx.writeRefusal();
    if (refusal) throw new ToolRefusedError(`Cannot run ${tool.name}: ${refusal}`);
  }
  const call: ToolCall = { ctx, at: (region) => toolTarget(ctx, region) };
  return tool.run(input, call);
}

/** A failure as the model should read it: what went wrong and what to do, never a stack. */
export function toolErrorText(error: unknown): string {
  if (error instanceof ToolInputError) return `${error.message} Nothing was sent to Kinesis; correct the input and call again.`;
  if (error instanceof ToolRefusedError) return `${error.message} Nothing was sent to Kinesis.`;
  if (isKinesisError(error)) return `Kinesis ${error.operation} failed (${error.code}): ${error.message}`;
  return errorMessage(error);
}

// ---- package.json languageModelTools ------------------------------------------------------------

/** One `contributes.languageModelTools` entry. */
export interface LanguageModelToolContribution {
  readonly name: string;
  readonly toolReferenceName: string;
  readonly displayName: string;
  readonly modelDescription: string;
  readonly userDescription: string;
  readonly canBeReferencedInPrompt: true;
  readonly icon: string;
  readonly tags: readonly string[];
  readonly inputSchema: Record<string, unknown>;
}

/** The JSON Schema clients see for a tool's input (refinements are checked by {@link parseToolInput}). */
export function toolJsonSchema(tool: ToolDefinition): Record<string, unknown> {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(tool.input, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, additionalProperties: false };
}

/** What package.json must contribute, generated from the registry. */
/** The package.nls.json key of a tool's user-visible manifest string (VS Code localises only those). */
export function languageModelToolNlsKey(name: string, field: 'displayName' | 'userDescription'): string {
  return `lmTool.${name}.${field}`;
}

/** The English package.nls.json entries of every tool's user-visible manifest strings. */
export function languageModelToolNlsEntries(): Record<string, string> {
  return Object.fromEntries(KINESIS_TOOLS.flatMap((tool) => [
    [languageModelToolNlsKey(tool.name, 'displayName'), tool.title],
    [languageModelToolNlsKey(tool.name, 'userDescription'), tool.title],
  ]));
}

export function languageModelToolContributions(): LanguageModelToolContribution[] {
  return KINESIS_TOOLS.map((tool) => ({
    name: tool.name,
    toolReferenceName: tool.name.replace(/_(\w)/g, (_m, c: string) => c.toUpperCase()),
    displayName: `%${languageModelToolNlsKey(tool.name, 'displayName')}%`,
    modelDescription: `${tool.description}${tool.kind === 'write' ? ' Changes AWS: the user confirms the exact effect first; refused in read-only or restricted mode.' : ''}`,
    userDescription: `%${languageModelToolNlsKey(tool.name, 'userDescription')}%`,
    canBeReferencedInPrompt: true,
    icon: '$(pulse)',
    tags: ['kinesis', 'aws'],
    inputSchema: toolJsonSchema(tool),
  }));
}
