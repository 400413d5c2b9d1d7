/**
 * Placeholder so the CDK stack synthesizes on the cdk branch: the real ecs-provider entry point comes from
 * its own branch and replaces this file at merge. It refuses every event rather than pretend.
 */
export const handler = async (): Promise<never> => {
  throw new Error('functions/ecs-provider is a synthesis placeholder; the ecs-provider branch provides the handler');
};
