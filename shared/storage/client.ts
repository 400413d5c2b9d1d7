import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import http from 'node:http';
import https from 'node:https';

/**
 * One DynamoDB client per process. With an explicit endpoint (DynamoDB Local, LocalStack) it uses
 * dummy credentials when none are configured, as those servers accept any.
 */
export function dynamoClient(endpoint?: string): DynamoDBClient {
  const agentOptions = { keepAlive: true, maxSockets: 256 };
  const requestHandler = new NodeHttpHandler({
    httpAgent: new http.Agent(agentOptions),
    httpsAgent: new https.Agent(agentOptions),
  });
  if (!endpoint) return new DynamoDBClient({ requestHandler });
  return new DynamoDBClient({
    endpoint,
    region: process.env.AWS_REGION ?? 'us-east-1',
    credentials: {
      accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'skiff',
      secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'skiff',
    },
    requestHandler,
  });
}
