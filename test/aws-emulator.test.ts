import { CreateClusterCommand, DescribeClustersCommand, ECSClient } from '@aws-sdk/client-ecs';
import { awsClientConfig, resetAws } from './support/aws';

describe('the AWS emulator of the test run', () => {
  beforeAll(resetAws);

  it('answers ECS calls through the real SDK', async () => {
    const ecs = new ECSClient(awsClientConfig());
    await ecs.send(new CreateClusterCommand({ clusterName: 'emulator-check' }));
    const out = await ecs.send(new DescribeClustersCommand({ clusters: ['emulator-check'] }));
    expect(out.clusters?.[0]).toMatchObject({ clusterName: 'emulator-check', status: 'ACTIVE' });
    ecs.destroy();
  });
});
