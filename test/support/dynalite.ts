/**
 * dynalite (a real DynamoDB API on LevelDB, in memory) on a free 127.0.0.1 port, in a child Node
 * process so a crash in it cannot take the test run along. The child exits when the IPC channel
 * closes. Talk to it with @aws-sdk/client-dynamodb (AWS_ENDPOINT_URL_DYNAMODB or `endpoint`).
 */
import { CreateTableCommand, DescribeTableCommand, PutItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { spawn } from 'node:child_process';
import { dirname } from 'node:path';

export interface DynaliteServer {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly pid: number;
  stop(): Promise<void>;
}

export async function startDynalite(): Promise<DynaliteServer> {
  const dir = dirname(require.resolve('dynalite/package.json', { paths: [__dirname, process.cwd()] }));
  const script = `
    const server = require(process.argv[1])({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
    process.on('disconnect', () => process.exit(0));
  `;
  const child = spawn(process.execPath, ['-e', script, dir], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('dynalite did not start within 15 s')), 15_000);
    child.once('message', (m: { port: number }) => { clearTimeout(timer); resolve(m.port); });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`dynalite exited during startup (code ${code})`)); });
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    pid: child.pid ?? -1,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A KCL lease as a test writes it. */
export interface LeaseItem {
  readonly leaseKey: string;
  readonly leaseOwner?: string;
  readonly leaseCounter: number;
  readonly checkpoint: string;
  readonly ownerSwitchesSinceCheckpoint?: number;
  readonly parentShardId?: string[];
}

/** A lease item exactly as KCL's DynamoDBLeaseSerializer writes it. */
export function kclItem(lease: LeaseItem): Record<string, AttributeValue> {
  return {
    leaseKey: { S: lease.leaseKey },
    leaseCounter: { N: String(lease.leaseCounter) },
    ...(lease.leaseOwner ? { leaseOwner: { S: lease.leaseOwner } } : {}),
    ownerSwitchesSinceCheckpoint: { N: String(lease.ownerSwitchesSinceCheckpoint ?? 0) },
    checkpoint: { S: lease.checkpoint },
    checkpointSubSequenceNumber: { N: '0' },
    ...(lease.parentShardId ? { parentShardId: { SS: lease.parentShardId } } : {}),
  };
}

/** Creates a lease table with KCL's key schema (leaseKey, a string hash key) and writes the leases. */
export async function createLeaseTable(dynamo: DynamoDBClient, table: string, leases: readonly LeaseItem[]): Promise<void> {
  await dynamo.send(new CreateTableCommand({
    TableName: table, BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [{ AttributeName: 'leaseKey', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'leaseKey', AttributeType: 'S' }],
  }));
  // dynalite turns a table ACTIVE on the next tick; writes before that are refused.
  while ((await dynamo.send(new DescribeTableCommand({ TableName: table }))).Table?.TableStatus !== 'ACTIVE') await new Promise((r) => setTimeout(r, 20));
  for (const lease of leases) await dynamo.send(new PutItemCommand({ TableName: table, Item: kclItem(lease) }));
}
