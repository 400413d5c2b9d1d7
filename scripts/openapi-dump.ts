/**
 * Prints every OpenAPI v3 document the API server serves (the index, then each group-version), so a
 * change to the schemas or to how zod is imported can be checked byte for byte:
 * `npx tsx scripts/openapi-dump.ts | sha256sum` before and after.
 */
import { openApiDocument, openApiIndex, openApiPath } from '../shared/apiserver/openapi';
const idx = openApiIndex() as { paths: Record<string, unknown> };
let out = `${JSON.stringify(idx)}\n`;
for (const p of Object.keys(idx.paths).sort()) {
  const gv = openApiPath(`/openapi/v3/${p}`);
  if (gv) out += `${p}\n${openApiDocument(gv.group, gv.version)}\n`;
}
process.stdout.write(out);
