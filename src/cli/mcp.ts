/**
 * `kinesis-studio mcp [--profile P] [--region R] [--endpoint URL] [--local] [--allow-writes] [--workspace DIR] [--prices seed|aws]`
 *
 * An MCP server over stdio with every tool of the one registry (src/core/tools), the architect
 * prompt and, with --workspace, the requirement file and the architecture document as resources.
 * Read-only unless started with --allow-writes. The connection is resolved as the extension
 * resolves it: the flags, else the environment and the profile's config. Stdout carries the
 * protocol; the log goes to stderr.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import {
  CallToolRequestSchema, ErrorCode, GetPromptRequestSchema, ListPromptsRequestSchema, ListResourcesRequestSchema, ListToolsRequestSchema,
  McpError, ReadResourceRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { createAwsGateway } from '../core/kinesis/awsGateway';
import type { KinesisGateway } from '../core/kinesis/gateway';
import type { ILogger } from '../core/logging';
import { errorMessage } from '../core/errorMessage';
import { ARCHITECTURE_FILE_NAME } from '../core/requirements/architecture';
import { REQUIREMENT_FILE_NAME } from '../core/tools/analysisTools';
import { ARCHITECT_PROMPT_NAME, mcpArchitectPrompt } from '../core/tools/architectPrompt';
import { findTool, KINESIS_TOOLS, runTool, toolErrorText, toolJsonSchema } from '../core/tools/registry';
import type { ToolContext, ToolWorkspace } from '../core/tools/types';
import { MCP_USAGE, parseMcpArgs, resolveMcpConnection, type McpArgs } from './mcpArgs';

export { MCP_USAGE, parseMcpArgs, resolveMcpConnection, type McpArgs };

/** A logger for stderr: stdout is the protocol. Secrets never reach it (the gateway redacts). */
function stderrLogger(): ILogger {
  const write = (level: string) => (message: string | Error) => process.stderr.write(`[${level}] ${typeof message === 'string' ? message : message.stack ?? message.message}\n`);
  return { trace: () => undefined, debug: () => undefined, info: write('info'), warn: write('warn'), error: write('error') };
}

/** The workspace's files, by a path relative to its root; a path that leaves the root is refused. */
export function directoryWorkspace(root: string): ToolWorkspace {
  const absolute = path.resolve(root);
  return {
    root: absolute,
    async readFile(relativePath) {
      const file = path.resolve(absolute, relativePath);
      if (file !== absolute && !file.startsWith(absolute + path.sep)) throw new Error('the path leaves the workspace.');
      return readFile(file, 'utf8');
    },
  };
}

const READ_ONLY_REFUSAL = 'this MCP server was started read-only. Restart it with --allow-writes (for example "kinesis-studio mcp --allow-writes") to allow changes.';

/** Builds the MCP server over `gateway`; the caller connects a transport. */
export function createMcpServer(options: { args: McpArgs; gateway: KinesisGateway; connection: Awaited<ReturnType<typeof resolveMcpConnection>>; logger: ILogger; version: string; today?: () => string }): Server {
  const { args, gateway, connection, logger } = options;
  const workspace = args.workspace ? directoryWorkspace(args.workspace) : undefined;
  const server = new Server({ name: 'kinesis-studio', title: 'Kinesis Studio', version: options.version }, {
    capabilities: { tools: {}, prompts: {}, ...(workspace ? { resources: {} } : {}) },
    instructions: `Amazon Kinesis Data Streams tools. Default region: ${connection.region ?? 'none (pass region)'}. ${args.allowWrites ? 'Writes are allowed; each is annotated.' : 'Read-only: tools that change streams refuse until the server is restarted with --allow-writes.'}`,
  });
  const context = (signal: AbortSignal): ToolContext => ({
    gateway,
    target: connection.target,
    defaultRegion: connection.region,
    describeWhere: connection.where,
    priceTable: args.prices,
    writeRefusal: () => (args.allowWrites ? undefined : READ_ONLY_REFUSAL),
    workspace,
    logger,
    signal,
  });

  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: KINESIS_TOOLS.map((tool) => ({
      name: tool.name,
      title: tool.title,
      description: tool.kind === 'write' && !args.allowWrites ? `${tool.description} (This server is read-only: start it with --allow-writes to use this tool.)` : tool.description,
      inputSchema: toolJsonSchema(tool) as { type: 'object' },
      // Every tool but the pure estimates talks to AWS, an open world.
      annotations: { title: tool.title, ...tool.annotations, openWorldHint: tool.iamActions.length > 0 },
    })),
  }));

  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const tool = findTool(request.params.name);
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `Unknown tool "${request.params.name}". Call tools/list for the names.`);
    try {
      const output = await runTool(tool, request.params.arguments ?? {}, context(extra.signal));
      return { content: [{ type: 'text', text: output.text }] };
    } catch (error) {
      logger.info(`${tool.name}: ${toolErrorText(error)}`);
      return { content: [{ type: 'text', text: toolErrorText(error) }], isError: true };
    }
  });

  server.setRequestHandler(ListPromptsRequestSchema, () => ({
    prompts: [{ name: ARCHITECT_PROMPT_NAME, title: 'Kinesis architect', description: 'Plan a Kinesis Data Streams architecture from business requirements, keeping kinesis_requirement.md and ending in kinesis_streaming_architecture.md.' }],
  }));
  server.setRequestHandler(GetPromptRequestSchema, (request) => {
    if (request.params.name !== ARCHITECT_PROMPT_NAME) throw new McpError(ErrorCode.InvalidParams, `Unknown prompt "${request.params.name}"; the prompt is ${ARCHITECT_PROMPT_NAME}.`);
    const today = options.today?.() ?? new Date().toISOString().slice(0, 10);
    return { description: 'The Kinesis Studio architect', messages: [{ role: 'user', content: { type: 'text', text: mcpArchitectPrompt(today) } }] };
  });

  if (workspace) {
    const files = [
      { name: REQUIREMENT_FILE_NAME, title: 'Requirement file', description: 'The working notes of the architecture session (seed workflow).' },
      { name: ARCHITECTURE_FILE_NAME, title: 'Architecture document', description: 'The final architecture document.' },
    ].map((f) => ({ ...f, uri: new URL(`file://${path.join(workspace.root, f.name)}`).href, mimeType: 'text/markdown' }));
    server.setRequestHandler(ListResourcesRequestSchema, () => ({ resources: files }));
    server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
      const file = files.find((f) => f.uri === request.params.uri);
      if (!file) throw new McpError(ErrorCode.InvalidParams, `Unknown resource ${request.params.uri}; the resources are ${files.map((f) => f.uri).join(' and ')}.`);
      try {
        return { contents: [{ uri: file.uri, mimeType: file.mimeType, text: await workspace.readFile(file.name) }] };
      } catch (error) {
        throw new McpError(ErrorCode.InvalidParams, `${file.name} cannot be read in ${workspace.root} (${errorMessage(error)}); it may not exist yet.`);
      }
    });
  }
  return server;
}

/** Runs the server until stdin closes. Returns the exit code. */
export async function runMcp(argv: readonly string[], version: string): Promise<number> {
  const args = parseMcpArgs(argv);
  if (typeof args === 'string') {
    process.stderr.write(`${args}\n\n${MCP_USAGE}\n`);
    return 2;
  }
  const logger = stderrLogger();
  let connection;
  try {
    connection = await resolveMcpConnection(args, process.env, logger);
  } catch (error) {
    process.stderr.write(`${errorMessage(error)}\n`);
    return 2;
  }
  const gateway = createAwsGateway({ logger });
  const server = createMcpServer({ args, gateway, connection, logger, version });
  const closed = new Promise<void>((resolve) => { server.onclose = resolve; });
  await server.connect(new StdioServerTransport());
  logger.info(`kinesis-studio mcp ${version}: region ${connection.region ?? '(none)'}, ${args.allowWrites ? 'writes allowed' : 'read-only'}${args.workspace ? `, workspace ${args.workspace}` : ''}`);
  process.stdin.once('end', () => void server.close());
  await closed;
  gateway.dispose();
  return 0;
}
