/**
 * The MCP server's command line (usage, flags) and the connection resolution that `put`, `tail` and
 * `mcp` share. Kept apart from ./mcp.ts so that `put` and `tail` start without loading the MCP SDK,
 * zod and the tool registry (about 25 MB of a CLI process's memory).
 */
import { isPriceTableId, type PriceTableId } from '../core/analysis/cost';
import { describeEndpointSource, loadProfileConfig, resolveEndpoint, resolveRegion, type Env } from '../core/kinesis/connection';
import type { ConnectionTarget } from '../core/kinesis/gateway';
import { validateEndpointUrl, validateRegionName } from '../core/kinesis/validation';
import type { ILogger } from '../core/logging';
import { errorMessage } from '../core/errorMessage';
import { ARCHITECTURE_FILE_NAME, REQUIREMENT_FILE_NAME } from '../core/requirements/fileNames';

export const MCP_USAGE = `Usage: kinesis-studio mcp [--profile NAME] [--region REGION] [--endpoint URL] [--local] [--allow-writes] [--workspace DIR] [--prices seed|aws]

  Serves the Kinesis Studio tools, the architect prompt and (with --workspace) the requirement file
  and the architecture document over MCP on stdio.

  --profile NAME   AWS profile (default: AWS_PROFILE, else "default")
  --region REGION  default region (default: the profile's region, else AWS_REGION / AWS_DEFAULT_REGION)
  --endpoint URL   Kinesis endpoint (default: AWS_ENDPOINT_URL_KINESIS, AWS_ENDPOINT_URL, the profile's)
  --local          the endpoint is Kinesis Studio's Local Kinesis: fixed dummy credentials, no profile
  --allow-writes   allow the tools that change streams (default: read-only; they refuse)
  --workspace DIR  serve ${REQUIREMENT_FILE_NAME} and ${ARCHITECTURE_FILE_NAME} of DIR as resources
  --prices TABLE   seed (default) or aws, for the cost estimates`;

/** Options of one server, parsed from the command line. */
export interface McpArgs {
  readonly profile?: string;
  readonly region?: string;
  readonly endpoint?: string;
  readonly local: boolean;
  readonly allowWrites: boolean;
  readonly workspace?: string;
  readonly prices: PriceTableId;
}

export function parseMcpArgs(argv: readonly string[]): McpArgs | string {
  const args: { -readonly [K in keyof McpArgs]: McpArgs[K] } = { local: false, allowWrites: false, prices: 'seed' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inlineValue] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inlineValue ?? argv[++i];
    if (flag === '--allow-writes') args.allowWrites = true;
    else if (flag === '--local') args.local = true;
    else if (flag === '--profile' || flag === '--region' || flag === '--endpoint' || flag === '--workspace') {
      const v = value();
      if (!v) return `${flag} needs a value.`;
      args[flag.slice(2) as 'profile' | 'region' | 'endpoint' | 'workspace'] = v;
    } else if (flag === '--prices') {
      const table = value();
      if (table === undefined || !isPriceTableId(table)) return '--prices must be "seed" or "aws".';
      args.prices = table;
    } else return `Unknown option "${arg}".`;
  }
  const problem = (args.region && validateRegionName(args.region)) || (args.endpoint && validateEndpointUrl(args.endpoint));
  if (problem) return problem;
  if (args.local && !args.endpoint) return '--local needs --endpoint (the Local Kinesis URL).';
  return args;
}

/** The connection the server talks to, resolved like the extension's ConnectionManager. */
export async function resolveMcpConnection(args: McpArgs, env: Env, logger: ILogger): Promise<{ region?: string; target: (region: string) => ConnectionTarget; where: (region: string) => string }> {
  if (args.local) {
    return {
      region: args.region ?? env.AWS_REGION ?? 'us-east-1',
      target: (region) => ({ region, endpoint: args.endpoint, localEmulator: true }),
      where: (region) => `${region} on Local Kinesis (${args.endpoint})`,
    };
  }
  const profile = args.profile || env.AWS_PROFILE || undefined;
  let profileConfig;
  try {
    profileConfig = await loadProfileConfig(profile, env);
  } catch (error) {
    logger.warn(`could not read the AWS config files: ${errorMessage(error)}`);
  }
  const region = resolveRegion({ settingRegion: args.region, profileConfig, env });
  const endpoint = resolveEndpoint({ settingEndpoint: args.endpoint, env, profileConfig });
  if (endpoint) logger.info(`endpoint ${endpoint.url} from ${endpoint.source === 'setting' ? '--endpoint' : describeEndpointSource(endpoint.source)}`);
  return {
    region,
    target: (r) => ({ region: r, profile, endpoint: endpoint?.url }),
    where: (r) => `${r}${endpoint ? ` at ${endpoint.url}` : ''}${profile ? ` with AWS profile "${profile}"` : ''}`,
  };
}
