/**
 * The HTTP API and the page, over one Engine. Routes read like the pipeline:
 * validate → engine.ask → JSON. Errors go through one handler (errors.ts).
 */
import path from "node:path";
import express, { type NextFunction, type Request, type Response } from "express";
import { z } from "zod/v4";
import type { Engine } from "../engine.js";
import type { Answer, Paragraph } from "../types.js";
import type { FigureRecord } from "../answer/figures.js";
import { reference } from "../answer/citation.js";
import { ApiError, fromBodyParser } from "./errors.js";
import { askSchema, checkSchema, figuresQuerySchema, paragraphIdSchema } from "./schemas.js";

export interface AppLogger {
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const silent: AppLogger = { info() {}, error() {} };

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    throw new ApiError("INVALID_REQUEST", issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; "), issues);
  }
  return result.data;
}

/** The stable /api/ask contract. */
export function toAskResponse(answer: Answer) {
  return {
    answer: answer.answer,
    answerable: answer.status === "answered",
    ...(answer.status === "not_in_report" ? { reason: answer.reason } : {}),
    coverage: Math.round(answer.coverage * 1000) / 1000,
    citations: answer.citations,
    figures: answer.figures,
    timings: answer.timings,
  };
}

function figureView(f: FigureRecord) {
  const { clause: _clause, ...figure } = f;
  return figure;
}

function paragraphView(engine: Engine, p: Paragraph) {
  const doc = engine.corpus.documents.find((d) => d.id === p.docId);
  return {
    id: p.id,
    docId: p.docId,
    kind: p.kind,
    section: p.sectionPath.join(" › "),
    sectionPath: p.sectionPath,
    text: p.text,
    start: p.start,
    end: p.end,
    scope: p.scope,
    reference: reference(p, doc),
    noteIds: p.noteIds,
  };
}

export function createApp(engine: Engine, logger: AppLogger = silent) {
  const app = express();
  app.disable("x-powered-by");
  const ask = askSchema(engine.config.maxQuestionChars);
  const order = engine.corpus.paragraphs;
  const position = new Map(order.map((p, i) => [p.id, i]));

  app.use((req, res, next) => {
    const started = performance.now();
    res.on("finish", () => logger.info({ method: req.method, url: req.originalUrl.slice(0, 200), status: res.statusCode, ms: Math.round(performance.now() - started) }, "request"));
    next();
  });

  const json = express.json({ limit: engine.config.maxBodyBytes, type: () => true });
  const requireJson = (req: Request, _res: Response, next: NextFunction) => {
    if (!req.is("application/json")) return next(new ApiError("UNSUPPORTED_MEDIA_TYPE", "send the body as application/json"));
    next();
  };

  app.post("/api/ask", requireJson, json, async (req, res) => {
    const body = parse(ask, req.body);
    const answer = await engine.ask(body.question, { topK: body.topK, mode: body.mode });
    res.json(toAskResponse(answer));
  });

  const check = checkSchema(engine.config.maxQuestionChars);
  app.post("/api/check", requireJson, json, async (req, res) => {
    const body = parse(check, req.body);
    const result = await engine.check(body.claim);
    res.json({
      verdict: result.verdict,
      explanation: result.explanation,
      checks: result.checks.map((c) => ({
        claimed: c.claim.text,
        verdict: c.verdict,
        mismatches: c.mismatches,
        explanation: c.explanation,
        figure: c.evidence ? figureView(c.evidence) : null,
      })),
      evidence: result.evidence,
      timings: result.timings,
    });
  });

  app.get("/api/figures", (req, res) => {
    const query = parse(figuresQuerySchema, req.query);
    const figures = engine.findFigures(query);
    res.json({ count: figures.length, figures: figures.map((f) => ({ ...figureView(f), citation: engine.figureCitation(f) })) });
  });

  app.get("/api/paragraphs/:id", (req, res) => {
    const id = parse(paragraphIdSchema, req.params.id);
    const i = position.get(id);
    if (i === undefined) throw new ApiError("NOT_FOUND", `no paragraph ${id}`);
    const p = order[i]!;
    const neighbour = (j: number) => (order[j]?.docId === p.docId ? paragraphView(engine, order[j]!) : null);
    res.json({ paragraph: paragraphView(engine, p), previous: neighbour(i - 1), next: neighbour(i + 1) });
  });

  app.get("/api/documents/:docId/paragraphs", (req, res) => {
    const list = order.filter((p) => p.docId === req.params.docId);
    if (list.length === 0) throw new ApiError("NOT_FOUND", `no document ${req.params.docId}`);
    res.json({ paragraphs: list.map((p) => paragraphView(engine, p)) });
  });

  app.get("/api/health", (_req, res) => {
    res.json({ status: "ok", model: engine.index.manifest.model.id, chunks: engine.index.manifest.chunks, indexBuiltAt: engine.index.manifest.builtAt });
  });

  app.use("/api", (_req, _res, next) => next(new ApiError("NOT_FOUND", "no such API route")));
  app.use(express.static(path.join(engine.config.root, "web"), { index: "index.html" }));

  // The one error handler: known errors with their status, anything else a bare 500.
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const known = err instanceof ApiError ? err : fromBodyParser(err as { type?: string });
    if (known) {
      res.status(known.status).json({ error: { code: known.code, message: known.message, ...(known.details ? { details: known.details } : {}) } });
      return;
    }
    logger.error({ err: err instanceof Error ? { message: err.message, stack: err.stack } : String(err), url: req.originalUrl.slice(0, 200) }, "unhandled error");
    res.status(500).json({ error: { code: "INTERNAL", message: "internal error" } });
  });
  return app;
}
