/**
 * A loopback stand-in for the AWS Lambda control plane, for tests only: no Lambda emulator runs
 * here, so this HTTP server on 127.0.0.1 speaks the real wire protocol @aws-sdk/client-lambda uses
 * (REST-JSON: `GET /2015-03-31/event-source-mappings?EventSourceArn=&Marker=&MaxItems=`, and
 * `GET /2015-03-31/event-source-mappings/{UUID}`), answering with the synthetic mappings the test
 * gives it. Errors carry `x-amzn-errortype` as Lambda sends them. Point the SDK at it with
 * AWS_ENDPOINT_URL_LAMBDA.
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { createAsyncServer, listenOnLoopback, sendResponse, type LoopbackServer } from './loopbackHttp';

/** An EventSourceMappingConfiguration exactly as Lambda's JSON carries it. */
export interface WireEventSourceMapping {
  readonly UUID: string;
  readonly EventSourceArn: string;
  readonly FunctionArn: string;
  readonly State?: string;
  readonly LastProcessingResult?: string;
  readonly BatchSize?: number;
  readonly ParallelizationFactor?: number;
  readonly BisectBatchOnFunctionError?: boolean;
  readonly MaximumRetryAttempts?: number;
  readonly MaximumRecordAgeInSeconds?: number;
  readonly DestinationConfig?: { readonly OnFailure?: { readonly Destination?: string } };
  readonly FunctionResponseTypes?: readonly string[];
  readonly StartingPosition?: string;
  /** Epoch seconds, as REST-JSON serialises timestamps. */
  readonly LastModified?: number;
}

export interface LambdaWireServer extends LoopbackServer {
  /** Every request seen, as `METHOD path?query`. */
  readonly requests: readonly string[];
}

const MAPPINGS_PATH = '/2015-03-31/event-source-mappings';

function sendLambdaJson(res: ServerResponse, status: number, payload: unknown, errorType?: string): void {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() };
  if (errorType) headers['x-amzn-errortype'] = errorType;
  sendResponse(res, status, headers, Buffer.from(JSON.stringify(payload)));
}

export interface LambdaWireOptions {
  /** Answer every request with AccessDeniedException, as Lambda does for a caller without the permission. */
  readonly denyAll?: boolean;
}

export async function startLambdaWireServer(mappings: readonly WireEventSourceMapping[], options: LambdaWireOptions = {}): Promise<LambdaWireServer> {
  const requests: string[] = [];
  const server = createAsyncServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    if (options.denyAll) {
      sendLambdaJson(res, 403, { Type: 'User', Message: 'User: arn:aws:iam::000000000000:user/doctor is not authorized to perform: lambda:ListEventSourceMappings' }, 'AccessDeniedException');
      return;
    }
    // The SDK sends the list without the trailing slash the API reference shows; accept both.
    if (req.method === 'GET' && (url.pathname === MAPPINGS_PATH || url.pathname === `${MAPPINGS_PATH}/`)) {
      const arn = url.searchParams.get('EventSourceArn');
      const matching = mappings.filter((m) => arn === null || m.EventSourceArn === arn);
      const start = Number(url.searchParams.get('Marker') ?? '0');
      const pageSize = Number(url.searchParams.get('MaxItems') ?? '100');
      const page = matching.slice(start, start + pageSize);
      const next = start + pageSize < matching.length ? String(start + pageSize) : undefined;
      sendLambdaJson(res, 200, { EventSourceMappings: page, ...(next ? { NextMarker: next } : {}) });
      return;
    }
    if (req.method === 'GET' && url.pathname.startsWith(`${MAPPINGS_PATH}/`)) {
      const uuid = decodeURIComponent(url.pathname.slice(MAPPINGS_PATH.length + 1));
      const mapping = mappings.find((m) => m.UUID === uuid);
      if (mapping) sendLambdaJson(res, 200, mapping);
      else sendLambdaJson(res, 404, { Type: 'User', message: `The resource you requested does not exist. (Service: Lambda, UUID ${uuid})` }, 'ResourceNotFoundException');
      return;
    }
    sendLambdaJson(res, 400, { Type: 'User', message: `Not served by this test server: ${req.method} ${url.pathname}` }, 'InvalidRequestContentException');
  });
  const loopback = await listenOnLoopback(server);
  return { ...loopback, requests };
}
