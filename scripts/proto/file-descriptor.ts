import type { FieldDescriptor, ScalarType, ValueType } from '../../shared/apiserver/protobuf/descriptor-types';
import { WireType, readFields, type WireField } from '../../shared/apiserver/protobuf/wire';
import type { GoField } from './go-struct-tags';

/**
 * Reads google.protobuf.FileDescriptorProto bytes (descriptor.proto field numbers) into a flat map of
 * message full name -> raw fields, keeping the gogoproto `nullable` option that tells Go pointers apart.
 */

export interface RawField {
  name: string;
  number: number;
  /** FieldDescriptorProto.Type (1 double ... 18 sint64). */
  type: number;
  /** LABEL_REPEATED is 3. */
  repeated: boolean;
  typeName?: string;
  /** gogoproto.nullable (extension 65001 of FieldOptions); absent means true. */
  nullable: boolean;
  /** gogoproto.customname (extension 65004): the Go struct field's name. */
  goName?: string;
}

export interface RawMessage {
  fields: RawField[];
  mapEntry: boolean;
}

const TYPE_NAMES: Record<number, ScalarType | 'message' | 'group'> = {
  1: 'double', 2: 'float', 3: 'int64', 4: 'uint64', 5: 'int32', 6: 'fixed64', 7: 'fixed32', 8: 'bool',
  9: 'string', 10: 'group', 11: 'message', 12: 'bytes', 13: 'uint32', 14: 'enum', 15: 'sfixed32',
  16: 'sfixed64', 17: 'sint32', 18: 'sint64',
};
const GOGOPROTO_NULLABLE = 65001;
const GOGOPROTO_CUSTOMNAME = 65004;

function str(f: WireField): string {
  if (f.wireType !== WireType.LengthDelimited) throw new Error(`field ${f.number} is not length-delimited`);
  return f.value.toString('utf8');
}

function sub(f: WireField): WireField[] {
  if (f.wireType !== WireType.LengthDelimited) throw new Error(`field ${f.number} is not a message`);
  return readFields(f.value);
}

function num(f: WireField): number {
  if (f.wireType !== WireType.Varint) throw new Error(`field ${f.number} is not a varint`);
  return Number(f.value);
}

function readField(fields: WireField[]): RawField {
  const out: RawField = { name: '', number: 0, type: 0, repeated: false, nullable: true };
  for (const f of fields) {
    if (f.number === 1) out.name = str(f);
    else if (f.number === 3) out.number = num(f);
    else if (f.number === 4) out.repeated = num(f) === 3;
    else if (f.number === 5) out.type = num(f);
    else if (f.number === 6) out.typeName = str(f).replace(/^\./, '');
    else if (f.number === 8) {
      for (const option of sub(f)) {
        if (option.number === GOGOPROTO_NULLABLE) out.nullable = num(option) !== 0;
        if (option.number === GOGOPROTO_CUSTOMNAME) out.goName = str(option);
      }
    }
  }
  return out;
}

function readMessage(fields: WireField[], scope: string, into: Map<string, RawMessage>): void {
  const name = `${scope}.${str(fields.find((f) => f.number === 1) ?? fail('message without a name'))}`;
  const message: RawMessage = { fields: [], mapEntry: false };
  for (const f of fields) {
    if (f.number === 2) message.fields.push(readField(sub(f)));
    else if (f.number === 3) readMessage(sub(f), name, into);
    else if (f.number === 7) message.mapEntry = sub(f).some((o) => o.number === 7 && num(o) !== 0);
  }
  into.set(name, message);
}

function fail(message: string): never {
  throw new Error(message);
}

/** Parses one FileDescriptorProto; returns its file name and adds its messages to `into`. */
export function readFileDescriptor(bytes: Buffer, into: Map<string, RawMessage>): string {
  const fields = readFields(bytes);
  const name = str(fields.find((f) => f.number === 1) ?? fail('file without a name'));
  const pkg = str(fields.find((f) => f.number === 2) ?? fail(`${name} has no package`));
  for (const f of fields) if (f.number === 4) readMessage(sub(f), pkg, into);
  return name;
}

function valueType(type: number, where: string): ValueType {
  const name = TYPE_NAMES[type];
  if (name === undefined || name === 'group') throw new Error(`${where}: unsupported field type ${type}`);
  return name;
}

/**
 * Turns a raw field into its trimmed form, folding protobuf map entries into key/value types and
 * adding what the Go struct tag says about its JSON (inline, no omitempty) when known.
 */
export function trimField(field: RawField, owner: string, messages: Map<string, RawMessage>, go?: GoField): FieldDescriptor {
  const where = `${owner}.${field.name}`;
  const out: FieldDescriptor = { name: field.name, number: field.number, type: valueType(field.type, where) };
  const entry = field.typeName ? messages.get(field.typeName) : undefined;
  if (field.typeName && !entry) throw new Error(`${where}: unknown type ${field.typeName}`);
  if (entry?.mapEntry) {
    const key = entry.fields.find((f) => f.number === 1) ?? fail(`${where}: map entry without key`);
    const value = entry.fields.find((f) => f.number === 2) ?? fail(`${where}: map entry without value`);
    const keyType = valueType(key.type, where);
    if (keyType === 'message') throw new Error(`${where}: message map keys are not valid protobuf`);
    out.type = 'map';
    out.key = keyType;
    out.value = valueType(value.type, where);
    if (value.typeName) out.valueTypeName = value.typeName;
    return out;
  }
  if (field.typeName) out.typeName = field.typeName;
  if (field.repeated) out.repeated = true;
  else if (field.nullable) out.pointer = true;
  else if (go?.inline) out.inline = true;
  else if (go && !go.omitempty) out.omitempty = false;
  return out;
}
