import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDynamoDbLocal } from '../../local/dynamodb-local';
import { ensureTools } from '../../scripts/tools';

/** One DynamoDB Local for the whole run; each suite works in tables of its own. */
export default async function globalSetup(): Promise<void> {
  ensureTools();
  const dynamo = await startDynamoDbLocal();
  process.env.SKIFF_TEST_DYNAMODB = dynamo.endpoint;
  (globalThis as { __skiffDynamo?: unknown }).__skiffDynamo = dynamo;
  fs.writeFileSync(path.join(os.tmpdir(), `skiff-jest-${process.pid}.pid`), String(dynamo.process.pid));
}
