import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { esbuildOptions, functionComponents, REPO_ROOT } from '../infra/bundling';

/**
 * `npm run build`: each Lambda's bundle as the CDK stack builds it (infra/bundling.ts), into
 * dist/<component>/index.js with its source map. `npm run synth` does the same inside cdk.out.
 */
async function main(): Promise<void> {
  const out = path.join(REPO_ROOT, 'dist');
  fs.rmSync(out, { recursive: true, force: true });
  for (const component of functionComponents()) {
    const outfile = path.join(out, component, 'index.js');
    const result = await build({ ...esbuildOptions(component, outfile), metafile: true });
    const bytes = Object.values(result.metafile?.outputs ?? {}).find((o) => o.entryPoint)?.bytes ?? fs.statSync(outfile).size;
    console.log(`${path.relative(REPO_ROOT, outfile)}  ${(bytes / 1024).toFixed(0)} KiB`);
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
