import type { DescriptorSet, FieldDescriptor, ValueType } from './descriptor-types';
import { ProtobufDecodeError } from './errors';
import { wellKnownDecoder, type Decoded } from './well-known';
import { WireType, readFields, readPackedVarints, type WireField } from './wire';

/**
 * Decodes go-to-protobuf messages into the JSON object Go's encoding/json would have produced for the
 * same Go struct: value fields (always on the wire) are dropped when zero, as omitempty does; pointer
 * fields are kept whenever present; `json:",inline"` fields are merged into their parent.
 */

/** Kubernetes objects nest a few dozen levels at most; deeper input is hostile. */
const MAX_DEPTH = 64;

const VARINT_TYPES = new Set<ValueType>(['int32', 'int64', 'uint32', 'uint64', 'bool', 'enum', 'sint32', 'sint64']);

function wireTypeOf(type: ValueType): WireType {
  if (VARINT_TYPES.has(type)) return WireType.Varint;
  if (type === 'double' || type === 'fixed64' || type === 'sfixed64') return WireType.Fixed64;
  if (type === 'float' || type === 'fixed32' || type === 'sfixed32') return WireType.Fixed32;
  return WireType.LengthDelimited;
}

function zigzag(v: bigint): bigint {
  return (v >> 1n) ^ -(v & 1n);
}

function scalarFromInt(type: ValueType, v: bigint): number | boolean {
  switch (type) {
    case 'bool':
      return v !== 0n;
    case 'int32':
    case 'enum':
      return Number(BigInt.asIntN(32, v));
    case 'uint32':
      return Number(BigInt.asUintN(32, v));
    case 'sint32':
    case 'sint64':
      return Number(zigzag(v));
    case 'double': {
      const buf = Buffer.alloc(8);
      buf.writeBigUInt64LE(v);
      return buf.readDoubleLE();
    }
    case 'int64':
    case 'sfixed64':
      return Number(BigInt.asIntN(64, v));
    default:
      return Number(v);
  }
}

function scalarFrom32(type: ValueType, v: number): number {
  if (type === 'float') {
    const buf = Buffer.alloc(4);
    buf.writeUInt32LE(v);
    return buf.readFloatLE();
  }
  return type === 'sfixed32' ? v | 0 : v;
}

/**
 * Whether a singular field appears in the JSON. gogo writes Go value fields even when zero, so a
 * zero is dropped unless the field is a pointer (set on purpose) or its tag lacks omitempty. Structs
 * that decode empty are dropped too, where Go would print {} or null.
 */
function included(field: FieldDescriptor, decoded: Decoded): boolean {
  if (decoded.value === undefined) return false;
  if (field.pointer || !decoded.zero) return true;
  return field.omitempty === false && typeof decoded.value !== 'object';
}

/** What a field has collected so far: one value (last wins), list items, or map entries. */
type Slot =
  | { kind: 'one'; decoded: Decoded }
  | { kind: 'list'; items: unknown[] }
  | { kind: 'map'; entries: [string, unknown][] };

export class MessageDecoder {
  private readonly byNumber = new Map<string, Map<number, FieldDescriptor>>();

  constructor(private readonly descriptors: DescriptorSet) {}

  /** Decodes one message of the given full type name into its JSON shape. */
  message(typeName: string, bytes: Buffer, depth = 0): Decoded {
    const special = wellKnownDecoder(typeName);
    if (special) return special(bytes);
    if (depth > MAX_DEPTH) throw new ProtobufDecodeError(`message nesting exceeds ${MAX_DEPTH} levels`);
    const fields = this.fields(typeName);
    const slots = new Map<FieldDescriptor, Slot>();
    for (const wire of readFields(bytes)) {
      const field = fields.get(wire.number);
      // Like Go's Unmarshal, skip fields this version does not know.
      if (field) slots.set(field, this.collect(field, wire, slots.get(field), depth));
    }
    const out: Record<string, unknown> = {};
    for (const [field, slot] of slots) {
      if (slot.kind === 'list') out[field.name] = slot.items;
      // fromEntries defines own properties, so a "__proto__" label key stays a plain key.
      else if (slot.kind === 'map') out[field.name] = Object.fromEntries(slot.entries);
      else if (field.inline) Object.assign(out, slot.decoded.value);
      else if (included(field, slot.decoded)) out[field.name] = slot.decoded.value;
    }
    return { value: out, zero: Object.keys(out).length === 0 };
  }

  private fields(typeName: string): Map<number, FieldDescriptor> {
    let fields = this.byNumber.get(typeName);
    if (!fields) {
      const list = this.descriptors.messages[typeName];
      if (!list) throw new ProtobufDecodeError(`no protobuf descriptor for ${typeName}`);
      fields = new Map(list.map((f) => [f.number, f]));
      this.byNumber.set(typeName, fields);
    }
    return fields;
  }

  private collect(field: FieldDescriptor, wire: WireField, slot: Slot | undefined, depth: number): Slot {
    if (field.type === 'map') {
      const entries = slot?.kind === 'map' ? slot.entries : [];
      entries.push(this.mapEntry(field, wire, depth));
      return { kind: 'map', entries };
    }
    const type = field.type;
    if (!field.repeated) return { kind: 'one', decoded: this.value(type, field.typeName, wire, field.name, depth) };
    const items = slot?.kind === 'list' ? slot.items : [];
    if (wire.wireType === WireType.LengthDelimited && VARINT_TYPES.has(type)) {
      items.push(...readPackedVarints(wire.value).map((v) => scalarFromInt(type, v)));
    } else {
      items.push(this.value(type, field.typeName, wire, field.name, depth).value);
    }
    return { kind: 'list', items };
  }

  private mapEntry(field: FieldDescriptor, wire: WireField, depth: number): [string, unknown] {
    if (wire.wireType !== WireType.LengthDelimited) throw new ProtobufDecodeError(`map field ${field.name} must be length-delimited`);
    const keyType = field.key ?? 'string';
    const valueType = field.value ?? 'string';
    let key: unknown = keyType === 'string' ? '' : 0;
    let value: unknown;
    for (const entry of readFields(wire.value)) {
      if (entry.number === 1) key = this.value(keyType, undefined, entry, `${field.name} key`, depth).value;
      if (entry.number === 2) value = this.value(valueType, field.valueTypeName, entry, `${field.name} value`, depth).value;
    }
    return [String(key), value ?? this.zeroValue(valueType, field.valueTypeName, depth)];
  }

  /** The value a map entry without a value field carries: its type's zero value. */
  private zeroValue(type: ValueType, typeName: string | undefined, depth: number): unknown {
    if (type === 'message' && typeName) return this.message(typeName, Buffer.alloc(0), depth + 1).value ?? null;
    if (type === 'string' || type === 'bytes') return '';
    return type === 'bool' ? false : 0;
  }

  private value(type: ValueType, typeName: string | undefined, wire: WireField, name: string, depth: number): Decoded {
    const expected = wireTypeOf(type);
    if (wire.wireType !== expected) {
      throw new ProtobufDecodeError(`field ${name} has wire type ${wire.wireType}, expected ${expected} for ${type}`);
    }
    if (wire.wireType === WireType.Fixed32) {
      const n = scalarFrom32(type, wire.value);
      return { value: n, zero: n === 0 };
    }
    if (wire.wireType !== WireType.LengthDelimited) {
      const v = scalarFromInt(type, wire.value);
      return { value: v, zero: v === 0 || v === false };
    }
    if (type === 'message') {
      if (!typeName) throw new ProtobufDecodeError(`field ${name} has no message type`);
      return this.message(typeName, wire.value, depth + 1);
    }
    if (type === 'bytes') return { value: wire.value.toString('base64'), zero: wire.value.length === 0 };
    const text = wire.value.toString('utf8');
    return { value: text, zero: text === '' };
  }
}
