/**
 * The OpenAPI document for bot integrators, generated from the same zod schemas
 * the routes validate with, so the two cannot drift apart.
 */
import { z } from "zod/v4";
import type { Config } from "../config.js";
import { ERROR_STATUS } from "./errors.js";
import { askSchema, checkSchema, figuresQuerySchema } from "./schemas.js";

const input = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;

const errorBody = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: { code: { type: "string", enum: Object.keys(ERROR_STATUS) }, message: { type: "string" }, requestId: { type: "string" }, details: {} },
    },
  },
};

const errors = (...codes: (keyof typeof ERROR_STATUS)[]) =>
  Object.fromEntries(
    [...new Set(codes.map((c) => ERROR_STATUS[c]))].map((status) => [
      String(status),
      { description: codes.filter((c) => ERROR_STATUS[c] === status).join(", "), content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
    ]),
  );

export function openApiDocument(config: Config) {
  const json = (schema: Record<string, unknown>) => ({ required: true, content: { "application/json": { schema } } });
  const ok = (description: string) => ({ "200": { description, content: { "application/json": { schema: { type: "object" } } } } });
  const figuresQuery = input(figuresQuerySchema) as { properties: Record<string, unknown> };
  return {
    openapi: "3.1.0",
    info: {
      title: "report-qa",
      version: "1.0.0",
      description: `Cited answers about a government work report. JSON bodies up to ${config.maxBodyBytes} bytes; questions up to ${config.maxQuestionChars} characters; ${config.rateLimitPerMinute} requests per minute per client.`,
    },
    paths: {
      "/api/ask": {
        post: {
          summary: "Answer a question with citations to the original paragraphs (style \"short\" for hotline bots)",
          requestBody: json(input(askSchema(config.maxQuestionChars))),
          responses: { ...ok("The answer (status \"answered\"); or status \"related\": the report's most relevant sentence, cited, with reason and confidence; or status \"not_in_report\" (answerable:false) with the nearest passages"), ...errors("INVALID_JSON", "INVALID_REQUEST", "PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE", "RATE_LIMITED", "NOT_READY", "INTERNAL") },
        },
      },
      "/api/check": {
        post: {
          summary: "Check the figures in a claim against the report",
          requestBody: json(input(checkSchema(config.maxQuestionChars))),
          responses: { ...ok("verdict: supported | contradicted | partially_supported | not_found"), ...errors("INVALID_JSON", "INVALID_REQUEST", "PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE", "RATE_LIMITED", "NOT_READY", "INTERNAL") },
        },
      },
      "/api/figures": {
        get: {
          summary: "Figures of the report as structured records",
          parameters: Object.entries(figuresQuery.properties).map(([name, schema]) => ({ name, in: "query", required: false, schema })),
          responses: { ...ok("Matching figure records with citations"), ...errors("INVALID_REQUEST", "RATE_LIMITED", "NOT_READY") },
        },
      },
      "/api/paragraphs/{id}": {
        get: {
          summary: "A paragraph verbatim, with its section path and neighbours",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", pattern: "^[a-z0-9-]+:[a-z0-9-]+$" } }],
          responses: { ...ok("The paragraph"), ...errors("INVALID_REQUEST", "NOT_FOUND", "RATE_LIMITED", "NOT_READY") },
        },
      },
      "/api/health": { get: { summary: "Liveness", responses: ok("{status, ready, model, chunks, indexBuiltAt}") } },
      "/api/ready": { get: { summary: "Readiness: the index is loaded", responses: { ...ok("ready"), ...errors("NOT_READY") } } },
    },
    components: { schemas: { Error: errorBody } },
  };
}
