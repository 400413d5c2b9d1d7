import type { AwsEmulator } from '../../local/aws-emulator';
import { EmbeddedDynamo } from '../../local/dynamodb-local';

export default async function globalTeardown(): Promise<void> {
  const g = globalThis as { __skiffDynamo?: EmbeddedDynamo; __skiffAws?: AwsEmulator };
  await g.__skiffAws?.stop();
  await g.__skiffDynamo?.stop();
}
