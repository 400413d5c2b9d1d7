import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import * as path from 'node:path';
import { BUNDLE, REPO_ROOT } from '../bundling';

/** BUNDLE (infra/bundling.ts) as the CDK's bundling options; locally with esbuild, so synth needs no Docker. */
export const SKIFF_BUNDLING: nodejs.BundlingOptions = {
  forceDockerBundling: false,
  minify: BUNDLE.minify,
  sourceMap: BUNDLE.sourceMap,
  target: BUNDLE.target,
  externalModules: [...BUNDLE.externalModules],
};

export interface SkiffFunctionProps {
  /** The component folder under `functions/`; its `index.ts` must export `handler`. */
  readonly component: string;
  /** @default 1024 (Lambda CPU scales with memory; gzip and JSON work is CPU-bound) */
  readonly memorySize?: number;
  /** @default Duration.seconds(29) */
  readonly timeout?: Duration;
  /** Added to `NODE_OPTIONS=--enable-source-maps`. @default none */
  readonly environment?: Record<string, string>;
  /** @default logs.RetentionDays.ONE_MONTH, so an idle cluster does not pay for old logs forever */
  readonly logRetention?: logs.RetentionDays;
  /** Attach the function to these subnets (it can then reach pod IPs, and only what the VPC routes). @default not in a VPC */
  readonly vpc?: { vpc: ec2.IVpc; subnets: ec2.ISubnet[]; securityGroups: ec2.ISecurityGroup[] };
}

/**
 * A Skiff component as a Lambda function: Node.js 22 on Graviton, bundled locally with esbuild
 * (synth needs no Docker), with source maps so stack traces name TypeScript lines.
 */
export class SkiffFunction extends Construct {
  readonly function: nodejs.NodejsFunction;

  constructor(scope: Construct, id: string, props: SkiffFunctionProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
    });
    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: path.join(REPO_ROOT, 'functions', props.component, 'index.ts'),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(29),
      logGroup,
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      bundling: SKIFF_BUNDLING,
      ...(props.vpc
        ? { vpc: props.vpc.vpc, vpcSubnets: { subnets: props.vpc.subnets }, securityGroups: props.vpc.securityGroups, allowPublicSubnet: true }
        : {}),
    });
  }
}
