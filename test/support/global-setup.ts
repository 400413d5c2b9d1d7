import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startAwsEmulator } from '../../local/aws-emulator';
import { startDynamoDbLocal } from '../../local/dynamodb-local';
import { ensureTools } from '../../scripts/tools';

/**
 * One DynamoDB Local and one AWS emulator for the whole run; each suite works in tables (and AWS
 * resources) of its own. Either failing to start fails the run loudly: no suite is skipped.
 */
export default async function globalSetup(): Promise<void> {
  ensureTools();
  const dynamo = await startDynamoDbLocal();
  process.env.SKIFF_TEST_DYNAMODB = dynamo.endpoint;
  const aws = await startAwsEmulator();
  process.env.SKIFF_TEST_AWS_ENDPOINT = aws.endpoint;
  (globalThis as { __skiffDynamo?: unknown }).__skiffDynamo = dynamo;
  (globalThis as { __skiffAws?: unknown }).__skiffAws = aws;
  fs.writeFileSync(path.join(os.tmpdir(), `skiff-jest-${process.pid}.pid`), String(dynamo.process.pid));
}
