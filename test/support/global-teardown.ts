import { EmbeddedDynamo } from '../../local/dynamodb-local';

export default async function globalTeardown(): Promise<void> {
  const dynamo = (globalThis as { __skiffDynamo?: EmbeddedDynamo }).__skiffDynamo;
  await dynamo?.stop();
}
