import fs from 'node:fs';
import path from 'node:path';
import type { BuildOptions } from 'esbuild';

export const REPO_ROOT = path.resolve(__dirname, '..');

/**
 * How every Skiff function is bundled, in one place: the CDK stack (SkiffFunction), `npm run build`
 * and the bundle benchmark all read it. Minified, with source maps. The Node.js 22 runtime ships
 * AWS SDK v3, so @aws-sdk/* and the @smithy/* packages it is built on stay external (taken from the
 * runtime, both from the one release it carries) and each bundle stays well under 1 MB; everything
 * else is bundled.
 */
export const BUNDLE = {
  minify: true,
  sourceMap: true,
  target: 'node22',
  externalModules: ['@aws-sdk/*', '@smithy/*'],
} as const;

/** The components under `functions/` that have a Lambda entry point (`index.ts` exporting `handler`). */
export function functionComponents(root = REPO_ROOT): string[] {
  const dir = path.join(root, 'functions');
  return fs
    .readdirSync(dir)
    .filter((name) => fs.existsSync(path.join(dir, name, 'index.ts')))
    .sort();
}

/** esbuild's options for one component's bundle, as `NodejsFunction` builds it from BUNDLE. */
export function esbuildOptions(component: string, outfile: string, root = REPO_ROOT): BuildOptions {
  return {
    entryPoints: [path.join(root, 'functions', component, 'index.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: BUNDLE.target,
    minify: BUNDLE.minify,
    sourcemap: BUNDLE.sourceMap,
    external: [...BUNDLE.externalModules],
    outfile,
    logLevel: 'silent',
  };
}
