import * as yaml from 'js-yaml';
import { ProtoWriter } from './protobuf/writer';
import type { SwaggerSchema } from './openapi-v2';

/**
 * The Swagger document in gnostic's protobuf form (openapi_v2.Document, the
 * `application/com.github.proto-openapi.spec.v2@v1.0+protobuf` kubectl asks for and only
 * understands). Field numbers follow gnostic's OpenAPIv2.proto; vendor extensions carry their
 * value as YAML, as gnostic does.
 */
type Obj = Record<string, unknown>;

const namedAny = (name: string, value: unknown) => new ProtoWriter().string(1, name).message(2, new ProtoWriter().string(2, yaml.dump(value)));

function extensions(w: ProtoWriter, field: number, o: Obj): void {
  for (const [k, v] of Object.entries(o)) if (k.startsWith('x-')) w.message(field, namedAny(k, v));
}

export function encodeSchema(s: Obj): ProtoWriter {
  const w = new ProtoWriter()
    .string(1, s.$ref as string)
    .string(2, s.format as string)
    .string(3, s.title as string)
    .string(4, s.description as string)
    .double(6, s.multipleOf as number)
    .double(7, s.maximum as number)
    .bool(8, s.exclusiveMaximum as boolean)
    .double(9, s.minimum as number)
    .bool(10, s.exclusiveMinimum as boolean)
    .int64(11, s.maxLength as number)
    .int64(12, s.minLength as number)
    .string(13, s.pattern as string)
    .int64(14, s.maxItems as number)
    .int64(15, s.minItems as number)
    .bool(16, s.uniqueItems as boolean)
    .int64(17, s.maxProperties as number)
    .int64(18, s.minProperties as number)
    .strings(19, s.required as string[]);
  const extra = s.additionalProperties;
  if (typeof extra === 'boolean') w.message(21, new ProtoWriter().bool(2, extra));
  else if (extra && typeof extra === 'object') w.message(21, new ProtoWriter().message(1, encodeSchema(extra as Obj)));
  if (typeof s.type === 'string') w.message(22, new ProtoWriter().strings(1, [s.type]));
  if (s.items && typeof s.items === 'object') w.message(23, new ProtoWriter().message(1, encodeSchema(s.items as Obj)));
  if (s.properties) {
    const props = new ProtoWriter();
    for (const [name, sub] of Object.entries(s.properties as Obj)) props.message(1, new ProtoWriter().string(1, name).message(2, encodeSchema(sub as Obj)));
    w.message(25, props);
  }
  extensions(w, 31, s);
  return w;
}

function parameter(p: Obj): ProtoWriter {
  if (p.in === 'body') {
    const body = new ProtoWriter().string(1, p.description as string).string(2, p.name as string).string(3, 'body').bool(4, p.required as boolean);
    body.message(5, encodeSchema(p.schema as Obj));
    return new ProtoWriter().message(1, new ProtoWriter().message(1, body));
  }
  const query = new ProtoWriter()
    .bool(1, p.required as boolean)
    .string(2, p.in as string)
    .string(3, p.description as string)
    .string(4, p.name as string)
    .string(6, p.type as string)
    .bool(20, p.uniqueItems as boolean);
  return new ProtoWriter().message(1, new ProtoWriter().message(2, new ProtoWriter().message(3, query)));
}

function operation(op: Obj): ProtoWriter {
  const w = new ProtoWriter().string(5, op.operationId as string).strings(6, op.produces as string[]).strings(7, op.consumes as string[]);
  for (const p of (op.parameters as Obj[]) ?? []) w.message(8, parameter(p));
  const responses = new ProtoWriter();
  for (const [code, r] of Object.entries((op.responses as Obj) ?? {})) {
    const res = r as Obj;
    const response = new ProtoWriter().string(1, res.description as string);
    if (res.schema) response.message(2, new ProtoWriter().message(1, encodeSchema(res.schema as Obj)));
    responses.message(1, new ProtoWriter().string(1, code).message(2, new ProtoWriter().message(1, response)));
  }
  w.message(9, responses);
  extensions(w, 13, op);
  return w;
}

const METHODS: [string, number][] = [['get', 2], ['put', 3], ['post', 4], ['delete', 5], ['patch', 8]];

export function encodeSwagger(doc: SwaggerSchema): Buffer {
  const info = doc.info as Obj;
  const w = new ProtoWriter().string(1, doc.swagger as string).message(2, new ProtoWriter().string(1, info.title as string).string(2, info.version as string));
  const paths = new ProtoWriter();
  for (const [path, item] of Object.entries(doc.paths as Obj)) {
    const pi = new ProtoWriter();
    for (const [method, field] of METHODS) {
      const op = (item as Obj)[method];
      if (op) pi.message(field, operation(op as Obj));
    }
    paths.message(2, new ProtoWriter().string(1, path).message(2, pi));
  }
  w.message(8, paths);
  const defs = new ProtoWriter();
  for (const [name, s] of Object.entries(doc.definitions as Obj)) defs.message(1, new ProtoWriter().string(1, name).message(2, encodeSchema(s as Obj)));
  w.message(9, defs);
  return w.finish();
}
