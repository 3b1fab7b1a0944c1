// Encodes the model as an ONNX ModelProto (via onnx-proto/protobufjs).
//
// The "network" is a lookup table: last_hidden_state = table[input_ids % rows]
// masked by attention_mask. `% rows` lets "词" and "##词" (id + rows) share
// one row, halving the table. The table is stored as float16 by default
// (Gather is type-agnostic, then one Cast to float32): same retrieval
// behaviour at half the file size (measured, see README). Opset 13 and IR 7
// keep it loadable by onnxruntime-node 1.14, which transformers.js 2.17 uses.

import onnxProto from "onnx-proto";

const { onnx } = onnxProto;

export type TableDType = "float16" | "float32";

export interface GraphSpec {
  /** Row-major [rows, dim] float32 values. */
  table: Float32Array;
  rows: number;
  dim: number;
  dtype: TableDType;
  producerVersion: string;
  docString: string;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE float32 → float16 bits, round-to-nearest-even (deterministic, no platform calls). */
export function float32ToFloat16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant !== 0 ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rem > halfway || (rem === halfway && (half & 1) === 1)) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && (half & 1) === 1)) half++; // carry into exponent is correct
  return sign | half;
}

function tableBytes(table: Float32Array, dtype: TableDType): Uint8Array {
  if (dtype === "float32") {
    // Explicit little-endian copy: raw_data is defined as little-endian.
    const out = new Uint8Array(table.length * 4);
    const view = new DataView(out.buffer);
    for (let i = 0; i < table.length; i++) view.setFloat32(i * 4, table[i], true);
    return out;
  }
  const out = new Uint8Array(table.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < table.length; i++) view.setUint16(i * 2, float32ToFloat16Bits(table[i]), true);
  return out;
}

function int64Bytes(values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 8);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
  return out;
}

const INT = onnx.AttributeProto.AttributeType.INT;
const T = onnx.TensorProto.DataType;

function tensorValueInfo(name: string, elemType: number, dims: Array<string | number>) {
  return onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === "string" ? { dimParam: d } : { dimValue: d })) },
      },
    },
  });
}

/** Builds the serialized ONNX model bytes. */
export function encodeLookupModel(spec: GraphSpec): Uint8Array {
  const { rows, dim, dtype } = spec;
  if (spec.table.length !== rows * dim) throw new Error("table size mismatch");
  const tableType = dtype === "float16" ? T.FLOAT16 : T.FLOAT;

  const nodes = [
    onnx.NodeProto.create({ name: "row_of_token", opType: "Mod", input: ["input_ids", "table_rows"], output: ["row_ids"], attribute: [{ name: "fmod", type: INT, i: 0 }] }),
    onnx.NodeProto.create({ name: "lookup", opType: "Gather", input: ["embeddings", "row_ids"], output: [dtype === "float16" ? "gathered" : "gathered_f32"], attribute: [{ name: "axis", type: INT, i: 0 }] }),
    ...(dtype === "float16"
      ? [onnx.NodeProto.create({ name: "to_float32", opType: "Cast", input: ["gathered"], output: ["gathered_f32"], attribute: [{ name: "to", type: INT, i: T.FLOAT }] })]
      : []),
    // Zero padded positions so last_hidden_state is meaningful even without pooling.
    onnx.NodeProto.create({ name: "mask_float", opType: "Cast", input: ["attention_mask"], output: ["mask_f"], attribute: [{ name: "to", type: INT, i: T.FLOAT }] }),
    onnx.NodeProto.create({ name: "mask_3d", opType: "Unsqueeze", input: ["mask_f", "unsqueeze_axes"], output: ["mask_3d"] }),
    onnx.NodeProto.create({ name: "apply_mask", opType: "Mul", input: ["gathered_f32", "mask_3d"], output: ["last_hidden_state"] }),
  ];

  const graph = onnx.GraphProto.create({
    name: "builtin_lexical_lookup",
    node: nodes,
    initializer: [
      onnx.TensorProto.create({ name: "embeddings", dims: [rows, dim], dataType: tableType, rawData: tableBytes(spec.table, dtype) }),
      onnx.TensorProto.create({ name: "table_rows", dims: [], dataType: T.INT64, rawData: int64Bytes([rows]) }),
      onnx.TensorProto.create({ name: "unsqueeze_axes", dims: [1], dataType: T.INT64, rawData: int64Bytes([2]) }),
    ],
    input: [
      tensorValueInfo("input_ids", T.INT64, ["batch_size", "sequence_length"]),
      tensorValueInfo("attention_mask", T.INT64, ["batch_size", "sequence_length"]),
    ],
    output: [tensorValueInfo("last_hidden_state", T.FLOAT, ["batch_size", "sequence_length", dim])],
  });

  const model = onnx.ModelProto.create({
    irVersion: 7,
    opsetImport: [{ domain: "", version: 13 }],
    producerName: "report-qa/builtin-zh-lex",
    producerVersion: spec.producerVersion,
    docString: spec.docString,
    graph,
  });
  return onnx.ModelProto.encode(model).finish();
}
