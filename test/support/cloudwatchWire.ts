/**
 * A loopback CloudWatch for tests: CloudWatch has no emulator here, so this HTTP server on
 * 127.0.0.1 speaks the wire protocol @aws-sdk/client-cloudwatch 3.11xx actually uses — AWS JSON 1.0
 * (`Content-Type: application/x-amz-json-1.0`, `X-Amz-Target: GraniteServiceVersion20100801.GetMetricData`,
 * timestamps as epoch seconds) — and answers GetMetricData from SYNTHETIC series the test supplies,
 * keyed by metric name and dimensions. It also records every query so tests can check what was asked.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createAsyncServer, listenOnLoopback, readBody, sendResponse, type LoopbackServer } from './loopbackHttp';

export const AMZ_JSON_1_0 = 'application/x-amz-json-1.0';
export const CLOUDWATCH_TARGET_PREFIX = 'GraniteServiceVersion20100801.';

/** One synthetic datapoint: epoch ms and value. */
export interface SyntheticPoint {
  readonly timeMs: number;
  readonly value: number;
}

/** Key of a synthetic series: `MetricName|Dim=Value|Dim=Value` with dimensions sorted by name. */
export function seriesKey(metricName: string, dimensions: Record<string, string>): string {
  return [metricName, ...Object.entries(dimensions).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`)].join('|');
}

interface WireQuery {
  Id: string;
  MetricStat?: { Metric: { Namespace: string; MetricName: string; Dimensions?: { Name: string; Value: string }[] }; Period: number; Stat: string };
}

export interface CloudWatchWireServer extends LoopbackServer {
  /** Every MetricDataQuery received, in order. */
  readonly queries: WireQuery[];
}

/** Starts the synthetic CloudWatch; `series` maps seriesKey(...) to datapoints. Unknown series answer empty. */
export async function startCloudWatchWire(series: ReadonlyMap<string, readonly SyntheticPoint[]>): Promise<CloudWatchWireServer> {
  const queries: WireQuery[] = [];
  const server = createAsyncServer(async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    const target = String(req.headers['x-amz-target'] ?? '');
    const send = (status: number, payload: unknown, errorType?: string) => sendResponse(res, status, {
      'content-type': AMZ_JSON_1_0,
      'x-amzn-requestid': 'cloudwatch-wire-test',
      ...(errorType ? { 'x-amzn-query-error': `${errorType};Sender` } : {}),
    }, Buffer.from(JSON.stringify(payload)));
    if (!String(req.headers['content-type']).startsWith(AMZ_JSON_1_0) || target !== `${CLOUDWATCH_TARGET_PREFIX}GetMetricData`) {
      send(400, { __type: 'com.amazonaws.cloudwatch#InvalidAction', message: `This loopback CloudWatch answers only GetMetricData over AWS JSON 1.0, not ${target}` }, 'InvalidAction');
      return;
    }
    const input = JSON.parse(body.toString('utf8')) as { MetricDataQueries: WireQuery[]; StartTime: number; EndTime: number };
    queries.push(...input.MetricDataQueries);
    const startMs = input.StartTime * 1000;
    const endMs = input.EndTime * 1000;
    const results = input.MetricDataQueries.map((q) => {
      const metric = q.MetricStat?.Metric;
      const dims = Object.fromEntries((metric?.Dimensions ?? []).map((d) => [d.Name, d.Value]));
      const points = (metric?.Namespace === 'AWS/Kinesis' ? series.get(seriesKey(metric.MetricName, dims)) ?? [] : [])
        .filter((p) => p.timeMs >= startMs && p.timeMs < endMs);
      return { Id: q.Id, Label: metric?.MetricName ?? q.Id, StatusCode: 'Complete', Timestamps: points.map((p) => p.timeMs / 1000), Values: points.map((p) => p.value) };
    });
    send(200, { MetricDataResults: results, Messages: [] });
  });
  const loopback = await listenOnLoopback(server);
  return { ...loopback, queries };
}
