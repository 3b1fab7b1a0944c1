// Encodes the model as an ONNX ModelProto (via onnx-proto/protobufjs).
//
// The "network" is a lookup table: last_hidden_state = table[input_ids % rows]
// masked by attention_mask. `% rows` lets "词" and "##词" (id + rows) share
// one row, halving the table.
//
// Storage: "int8" (default) keeps each row as int8 codes plus one float32
// scale per row (symmetric, per-row). Gather is type-agnostic in onnxruntime,
// so the graph gathers codes and scales for the batch's tokens only and
// dequantises those: 4x smaller than float32, which is what lets the model
// use 512 dimensions under ~120 MB (measured: retrieval identical within
// noise, see README). "float32" is kept for comparison.
// Opset 13 and IR 7 keep it loadable by onnxruntime-node 1.14 (transformers.js 2.17).

import onnxProto from "onnx-proto";

const { onnx } = onnxProto;

export type TableDType = "int8" | "float32";

export interface GraphSpec {
  /** Row-major [rows, dim] float32 values. */
  table: Float32Array;
  rows: number;
  dim: number;
  dtype: TableDType;
  producerVersion: string;
  docString: string;
}

/**
 * Per-row symmetric int8 quantisation: code = round(x / scale), scale =
 * max|x| / 127. Rounding is half-away-from-zero on float64 values, so the
 * result is the same on every platform.
 */
export function quantizeRowsInt8(table: Float32Array, rows: number, dim: number): { codes: Int8Array; scales: Float32Array } {
  const codes = new Int8Array(rows * dim);
  const scales = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let max = 0;
    for (let i = 0; i < dim; i++) max = Math.max(max, Math.abs(table[r * dim + i]));
    if (max === 0) continue;
    const scale = Math.fround(max / 127);
    scales[r] = scale;
    for (let i = 0; i < dim; i++) {
      const q = table[r * dim + i] / scale;
      codes[r * dim + i] = Math.max(-127, Math.min(127, Math.sign(q) * Math.floor(Math.abs(q) + 0.5)));
    }
  }
  return { codes, scales };
}

function float32Bytes(values: Float32Array): Uint8Array {
  // Explicit little-endian copy: raw_data is defined as little-endian.
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
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
  const node = (name: string, opType: string, input: string[], output: string[], attrs: Record<string, number> = {}) =>
    onnx.NodeProto.create({ name, opType, input, output, attribute: Object.entries(attrs).map(([n, i]) => ({ name: n, type: INT, i })) });

  const nodes = [
    node("row_of_token", "Mod", ["input_ids", "table_rows"], ["row_ids"], { fmod: 0 }),
    // Padded positions are zeroed so last_hidden_state is meaningful even without pooling.
    node("mask_float", "Cast", ["attention_mask"], ["mask_f"], { to: T.FLOAT }),
  ];
  const initializer = [
    onnx.TensorProto.create({ name: "table_rows", dims: [], dataType: T.INT64, rawData: int64Bytes([rows]) }),
    onnx.TensorProto.create({ name: "unsqueeze_axes", dims: [1], dataType: T.INT64, rawData: int64Bytes([2]) }),
  ];
  if (dtype === "int8") {
    const { codes, scales } = quantizeRowsInt8(spec.table, rows, dim);
    initializer.push(
      onnx.TensorProto.create({ name: "embedding_codes", dims: [rows, dim], dataType: T.INT8, rawData: new Uint8Array(codes.buffer) }),
      onnx.TensorProto.create({ name: "embedding_scales", dims: [rows], dataType: T.FLOAT, rawData: float32Bytes(scales) }),
    );
    nodes.push(
      node("lookup_codes", "Gather", ["embedding_codes", "row_ids"], ["codes"], { axis: 0 }),
      node("codes_float", "Cast", ["codes"], ["codes_f"], { to: T.FLOAT }),
      node("lookup_scales", "Gather", ["embedding_scales", "row_ids"], ["scales"], { axis: 0 }),
      node("masked_scales", "Mul", ["scales", "mask_f"], ["token_scale"]),
      node("token_scale_3d", "Unsqueeze", ["token_scale", "unsqueeze_axes"], ["token_scale_3d"]),
      node("dequantize", "Mul", ["codes_f", "token_scale_3d"], ["last_hidden_state"]),
    );
  } else {
    initializer.push(onnx.TensorProto.create({ name: "embeddings", dims: [rows, dim], dataType: T.FLOAT, rawData: float32Bytes(spec.table) }));
    nodes.push(
      node("lookup", "Gather", ["embeddings", "row_ids"], ["gathered"], { axis: 0 }),
      node("mask_3d", "Unsqueeze", ["mask_f", "unsqueeze_axes"], ["mask_3d"]),
      node("apply_mask", "Mul", ["gathered", "mask_3d"], ["last_hidden_state"]),
    );
  }

  const graph = onnx.GraphProto.create({
    name: "builtin_lexical_lookup",
    node: nodes,
    initializer,
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
