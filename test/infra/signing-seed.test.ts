import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { SkiffStack } from '../../infra/skiff-stack';

/** The service-account signing seed on AWS: one generated secret, read by the functions that sign or verify, and by no other. */
describe('SkiffStack service account signing seed', () => {
  const template = Template.fromStack(new SkiffStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Skiff'));
  const secrets = template.findResources('AWS::SecretsManager::Secret', { Properties: { Name: 'skiff-sa-signing-key/Skiff' } });
  const [secretId] = Object.keys(secrets);
  const functions = template.findResources('AWS::Lambda::Function');
  const readers = Object.entries(functions).filter(([, fn]) => JSON.stringify(fn.Properties.Environment?.Variables?.SKIFF_SA_SIGNING_SECRET) === JSON.stringify({ Ref: secretId }));
  /** The roles allowed GetSecretValue on the seed's secret. */
  const rolesReading = Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => p.Properties.PolicyDocument.Statement.some((s: { Action: string | string[]; Resource: unknown }) =>
      [s.Action].flat().includes('secretsmanager:GetSecretValue') && JSON.stringify(s.Resource) === JSON.stringify({ Ref: secretId })))
    .flatMap((p) => p.Properties.Roles.map((r: { Ref: string }) => r.Ref))
    .sort();

  it('is one secret Secrets Manager generates at deploy, so the seed is never in the template', () => {
    expect(Object.keys(secrets)).toHaveLength(1);
    expect(secrets[secretId].Properties.SecretString).toBeUndefined();
    template.hasResourceProperties('AWS::SecretsManager::Secret', Match.objectLike({
      Name: 'skiff-sa-signing-key/Skiff',
      GenerateSecretString: Match.objectLike({ PasswordLength: 64, ExcludePunctuation: true }),
    }));
  });

  it('is named to both API server functions and the controller-manager, whose roles alone may read it', () => {
    const timeouts = readers.map(([, fn]) => fn.Properties.Timeout).sort((a: number, b: number) => a - b);
    expect(readers).toHaveLength(3);
    expect(readers.filter(([, fn]) => fn.Properties.Environment.Variables.SKIFF_ADMIN_TOKEN_SECRET)).toHaveLength(2);
    expect(timeouts).toContain(29);
    expect(timeouts).toContain(900);
    const readerRoles = readers.map(([, fn]) => fn.Properties.Role['Fn::GetAtt'][0]).sort();
    expect(rolesReading).toEqual(readerRoles);
  });

  it('is outside the pods\' secret prefix, which the ECS provider writes and prunes', () => {
    const prefix = template.toJSON().Outputs.PodSecretPrefix.Value as string;
    expect('skiff-sa-signing-key/Skiff'.startsWith(prefix)).toBe(false);
  });
});
