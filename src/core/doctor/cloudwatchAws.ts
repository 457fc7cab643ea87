/**
 * The CloudWatch side of the doctor on the real SDK (@aws-sdk/client-cloudwatch, which speaks AWS
 * JSON 1.0 to `GraniteServiceVersion20100801`): one paginated GetMetricData for every metric the
 * analysers read. Credentials as the Kinesis gateway: the node provider chain for the profile, the
 * emulator's dummy keys for local targets. The endpoint comes from `endpoint`, else the SDK's
 * AWS_ENDPOINT_URL_CLOUDWATCH, else AWS.
 */
import { CloudWatchClient, GetMetricDataCommand, type MetricDataQuery, type MetricDataResult } from '@aws-sdk/client-cloudwatch';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { localEmulatorCredentials } from '../kinesis/awsGateway';
import type { ConnectionTarget } from '../kinesis/gateway';
import { validateEndpointUrl } from '../kinesis/validation';
import type { DoctorMetricsSource, MetricPoint, StreamMetrics, StreamMetricsRequest } from './cloudwatch';

/** GetMetricData takes at most 500 queries per call. */
const MAX_QUERIES_PER_CALL = 500;

export interface CloudWatchSourceOptions {
  /** A CloudWatch endpoint URL (a test's loopback server); validated before any call. */
  readonly endpoint?: string;
}

interface QuerySpec {
  readonly metric: string;
  readonly stat: 'Sum' | 'Maximum';
  readonly dimensions: Record<string, string>;
}

export function createCloudWatchMetricsSource(options: CloudWatchSourceOptions = {}): DoctorMetricsSource {
  if (options.endpoint) {
    const problem = validateEndpointUrl(options.endpoint);
    if (problem) throw new Error(`CloudWatch endpoint: ${problem}`);
  }
  const clients = new Map<string, CloudWatchClient>();
  const clientFor = (target: ConnectionTarget): CloudWatchClient => {
    const key = JSON.stringify([target.profile ?? '', target.region, target.localEmulator === true]);
    let client = clients.get(key);
    if (!client) {
      const endpoint = options.endpoint ?? process.env.AWS_ENDPOINT_URL_CLOUDWATCH;
      client = new CloudWatchClient({
        region: target.region,
        maxAttempts: 3,
        credentials: target.localEmulator ? { ...localEmulatorCredentials } : fromNodeProviderChain({ profile: target.profile }),
        ...(options.endpoint ? { endpoint: options.endpoint } : {}),
        // HTTP/1.1 to plain-http endpoints, as the Kinesis gateway does.
        ...(endpoint?.startsWith('http://') ? { requestHandler: new NodeHttpHandler({ connectionTimeout: 5_000, requestTimeout: 60_000 }) } : {}),
      });
      clients.set(key, client);
    }
    return client;
  };
  return {
    async streamMetrics(request) {
      return readStreamMetrics(clientFor(request.target), request);
    },
    dispose() {
      for (const client of clients.values()) client.destroy();
      clients.clear();
    },
  };
}

async function readStreamMetrics(client: CloudWatchClient, request: StreamMetricsRequest): Promise<StreamMetrics> {
  const stream = { StreamName: request.stream };
  const specs = new Map<string, QuerySpec>();
  const add = (id: string, spec: QuerySpec) => specs.set(id, spec);
  add('get_calls', { metric: 'GetRecords.Success', stat: 'Sum', dimensions: stream });
  add('get_age', { metric: 'GetRecords.IteratorAgeMilliseconds', stat: 'Maximum', dimensions: stream });
  add('read_thr', { metric: 'ReadProvisionedThroughputExceeded', stat: 'Sum', dimensions: stream });
  request.shardIds.forEach((shardId, i) => {
    const dimensions = { ...stream, ShardId: shardId };
    add(`s${i}_in_rec`, { metric: 'IncomingRecords', stat: 'Sum', dimensions });
    add(`s${i}_in_bytes`, { metric: 'IncomingBytes', stat: 'Sum', dimensions });
    add(`s${i}_write_thr`, { metric: 'WriteProvisionedThroughputExceeded', stat: 'Sum', dimensions });
    add(`s${i}_read_thr`, { metric: 'ReadProvisionedThroughputExceeded', stat: 'Sum', dimensions });
    add(`s${i}_age`, { metric: 'IteratorAgeMilliseconds', stat: 'Maximum', dimensions });
  });
  request.consumerNames.forEach((consumerName, i) => {
    const dimensions = { ...stream, ConsumerName: consumerName };
    add(`c${i}_lag`, { metric: 'SubscribeToShardEvent.MillisBehindLatest', stat: 'Maximum', dimensions });
    add(`c${i}_rec`, { metric: 'SubscribeToShardEvent.Records', stat: 'Sum', dimensions });
  });
  const queries: MetricDataQuery[] = [...specs].map(([id, spec]) => ({
    Id: id,
    ReturnData: true,
    MetricStat: {
      Metric: { Namespace: 'AWS/Kinesis', MetricName: spec.metric, Dimensions: Object.entries(spec.dimensions).map(([Name, Value]) => ({ Name, Value })) },
      Period: request.periodSeconds,
      Stat: spec.stat,
    },
  }));
  const points = new Map<string, MetricPoint[]>();
  for (let i = 0; i < queries.length; i += MAX_QUERIES_PER_CALL) {
    let nextToken: string | undefined;
    do {
      const page = await client.send(new GetMetricDataCommand({
        MetricDataQueries: queries.slice(i, i + MAX_QUERIES_PER_CALL),
        StartTime: new Date(request.startMs),
        EndTime: new Date(request.endMs),
        ScanBy: 'TimestampAscending',
        NextToken: nextToken,
      }), { abortSignal: request.signal });
      for (const result of page.MetricDataResults ?? []) collect(points, result);
      nextToken = page.NextToken;
    } while (nextToken);
  }
  const series = (id: string) => (points.get(id) ?? []).sort((a, b) => a.timeMs - b.timeMs);
  return {
    startMs: request.startMs,
    endMs: request.endMs,
    periodSeconds: request.periodSeconds,
    getRecordsCalls: series('get_calls'),
    iteratorAgeMs: series('get_age'),
    readThrottled: series('read_thr'),
    shards: request.shardIds.map((shardId, i) => ({
      shardId,
      incomingRecords: series(`s${i}_in_rec`),
      incomingBytes: series(`s${i}_in_bytes`),
      writeThrottled: series(`s${i}_write_thr`),
      readThrottled: series(`s${i}_read_thr`),
      iteratorAgeMs: series(`s${i}_age`),
    })),
    consumers: request.consumerNames.map((consumerName, i) => ({
      consumerName,
      millisBehindLatest: series(`c${i}_lag`),
      deliveredRecords: series(`c${i}_rec`),
    })),
  };
}

function collect(points: Map<string, MetricPoint[]>, result: MetricDataResult): void {
  if (!result.Id) return;
  const list = points.get(result.Id) ?? [];
  const timestamps = result.Timestamps ?? [];
  const values = result.Values ?? [];
  for (let i = 0; i < Math.min(timestamps.length, values.length); i++) list.push({ timeMs: timestamps[i].getTime(), value: values[i] });
  points.set(result.Id, list);
}
