/**
 * Plumbing shared by the test-only proxies on 127.0.0.1 (the fault proxy, the shard-limit
 * simulator): read a request, forward it to the emulator, answer in the Kinesis JSON protocol
 * (application/x-amz-json-1.1, what @aws-sdk/client-kinesis sends: AwsJson1_1Protocol), and listen
 * and stop without leaving sockets behind.
 */
import { randomUUID } from 'node:crypto';
import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { errorMessage } from '../../src/core/errorMessage';

export const AMZ_JSON = 'application/x-amz-json-1.1';

/** The Kinesis operation of a request, from `X-Amz-Target: Kinesis_20131202.PutRecords`. */
export function operationOf(headers: IncomingHttpHeaders): string {
  return String(headers['x-amz-target'] ?? '').split('.').pop() || 'unknown';
}

/** True when the body is JSON (the only form the proxies rewrite; CBOR would pass through untouched). */
export function isJsonBody(headers: IncomingHttpHeaders): boolean {
  return String(headers['content-type'] ?? '').includes('json');
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** An upstream answer, fully read. */
export interface UpstreamResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** Sends one request to the upstream emulator and reads its whole answer. */
export function forward(upstream: URL, method: string, path: string, headers: IncomingHttpHeaders, body: Buffer): Promise<UpstreamResponse> {
  return new Promise((resolve, reject) => {
    // One connection per forwarded request: nothing idles towards the emulator (which closes idle
    // sockets after 5 s, racing any reuse), and a busy bench does not pile up open sockets.
    const outHeaders: IncomingHttpHeaders = { ...headers, host: upstream.host, 'content-length': String(body.length), connection: 'close' };
    delete outHeaders['transfer-encoding'];
    const upstreamReq = request({ host: upstream.hostname, port: upstream.port, method, path, headers: outHeaders, agent: false }, (upstreamRes) => {
      const chunks: Buffer[] = [];
      upstreamRes.on('data', (c: Buffer) => chunks.push(c));
      upstreamRes.on('end', () => resolve({ status: upstreamRes.statusCode ?? 502, headers: upstreamRes.headers, body: Buffer.concat(chunks) }));
      upstreamRes.on('error', reject);
    });
    upstreamReq.on('error', reject);
    upstreamReq.end(body);
  });
}

/**
 * Calls one Kinesis operation upstream on the proxy's own behalf, reusing the signing headers of the
 * client request that caused it (emulators check that they are present, not the signature), so
 * region and account stay those of the client.
 */
export async function callUpstream(upstream: URL, like: IncomingHttpHeaders, operation: string, input: unknown): Promise<UpstreamResponse> {
  const headers: IncomingHttpHeaders = {
    ...like,
    'content-type': AMZ_JSON,
    'x-amz-target': `Kinesis_20131202.${operation}`,
  };
  // The client's own checksum/length describe its body, not this one.
  delete headers['content-md5'];
  delete headers['x-amz-content-sha256'];
  return forward(upstream, 'POST', '/', headers, Buffer.from(JSON.stringify(input)));
}

/** Writes an answer with an exact content-length (the upstream's chunked encoding is dropped). */
export function sendResponse(res: ServerResponse, status: number, headers: IncomingHttpHeaders, body: Buffer): void {
  const outHeaders: IncomingHttpHeaders = { ...headers, 'content-length': String(body.length) };
  // Hop-by-hop: the upstream connection's framing and lifetime are not the client's.
  delete outHeaders['transfer-encoding'];
  delete outHeaders.connection;
  delete outHeaders['keep-alive'];
  res.writeHead(status, outHeaders);
  res.end(body);
}

/** Answers in the Kinesis JSON protocol; errors carry `__type` as AWS sends it. */
export function sendJson(res: ServerResponse, status: number, payload: unknown, requestId: string = randomUUID()): void {
  const body = Buffer.from(JSON.stringify(payload));
  const headers: IncomingHttpHeaders = { 'content-type': AMZ_JSON, 'x-amzn-requestid': requestId };
  const type = (payload as { __type?: unknown }).__type;
  if (status >= 400 && typeof type === 'string') headers['x-amzn-errortype'] = `${type}:`;
  sendResponse(res, status, headers, body);
}

/** A server listening on a free 127.0.0.1 port. */
export interface LoopbackServer {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** Closes the server and destroys open connections. */
  stop(): Promise<void>;
}

/** Listens on a free loopback port and tracks sockets, so stop() does not wait on keep-alive clients. */
export async function listenOnLoopback(server: Server): Promise<LoopbackServer> {
  const sockets = new Set<Socket>();
  // The SDK keeps idle sockets open; Node closes them after 5 s by default, and a request sent at that
  // moment fails with "socket hang up". A test proxy may keep them until stop() destroys them.
  server.keepAliveTimeout = 0;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** createServer with an async handler: an unexpected failure answers 500 rather than hanging the client. */
export function createAsyncServer(handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>): Server {
  return createServer((req, res) => {
    handler(req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else sendJson(res, 500, { __type: 'InternalFailure', message: `test proxy failure: ${errorMessage(error)}` });
    });
  });
}
