import { swaggerDocument, toSwagger } from '../../shared/apiserver/openapi-v2';
import { encodeSchema, encodeSwagger } from '../../shared/apiserver/openapi-v2-proto';
import { readFields, WireType } from '../../shared/apiserver/protobuf/wire';

describe('toSwagger', () => {
  it('drops what Swagger 2.0 cannot say and keeps the rest', () => {
    expect(
      toSwagger({ $schema: 'x', type: 'object', properties: { port: { anyOf: [{ type: 'integer' }, { type: 'string' }], description: 'p' }, list: { type: 'array' } }, additionalProperties: false }),
    ).toEqual({ type: 'object', properties: { port: { description: 'p' }, list: { type: 'array', items: {} } }, additionalProperties: false });
  });
});

describe('swaggerDocument', () => {
  it('describes every served kind with its group-version-kind and a PATCH taking fieldValidation', () => {
    const doc = swaggerDocument() as { definitions: Record<string, Record<string, unknown>>; paths: Record<string, Record<string, { parameters: { name: string }[] }>> };
    expect(doc.definitions['io.k8s.api.core.v1.Pod']).toMatchObject({ type: 'object', 'x-kubernetes-group-version-kind': [{ group: '', kind: 'Pod', version: 'v1' }] });
    const patch = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch;
    expect(patch.parameters.map((p) => p.name)).toContain('fieldValidation');
  });
});

describe('encodeSwagger', () => {
  it('writes gnostic field numbers: swagger=1, info=2, paths=8, definitions=9', () => {
    const fields = readFields(encodeSwagger(swaggerDocument()));
    const first = fields[0];
    expect(first.number).toBe(1);
    expect(first.wireType === WireType.LengthDelimited && first.value.toString()).toBe('2.0');
    expect(fields.map((f) => f.number)).toEqual([1, 2, 8, 9]);
  });

  it('encodes a schema\'s type, properties and vendor extensions', () => {
    const fields = readFields(encodeSchema({ type: 'object', description: 'd', properties: { a: { type: 'string' } }, 'x-kubernetes-group-version-kind': [{ group: '', kind: 'Pod', version: 'v1' }] }).finish());
    expect(fields.map((f) => f.number)).toEqual([4, 22, 25, 31]);
  });
});
