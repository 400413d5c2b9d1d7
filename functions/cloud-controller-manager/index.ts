/**
 * Placeholder so the CDK stack synthesizes on the cdk branch: the real cloud-controller-manager entry point comes from
 * its own branch and replaces this file at merge. It refuses every event rather than pretend.
 */
export const handler = async (): Promise<never> => {
  throw new Error('functions/cloud-controller-manager is a synthesis placeholder; the cloud-controller-manager branch provides the handler');
};
