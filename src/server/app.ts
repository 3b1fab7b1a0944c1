/**
 * The HTTP API and the page, over one Engine. Routes read like the pipeline:
 * validate → engine → JSON. Errors go through one handler (errors.ts).
 *
 * The server can listen before the engine is ready (index still building):
 * /api/health answers at once, /api/ready and the question routes say 503
 * NOT_READY until it is.
 */
import cluster from "node:cluster";
import { randomUUID } from "node:crypto";
import path from "node:path";
import express, { type NextFunction, type Request, type Response } from "express";
import helmet from "helmet";
import { rateLimit } from "express-rate-limit";
import { z } from "zod/v4";
import type { Config } from "../config.js";
import type { Engine } from "../engine.js";
import { Lru } from "../cache.js";
import type { Answer, Paragraph } from "../types.js";
import type { FigureRecord } from "../answer/figures.js";
import { reference } from "../answer/citation.js";
import { canonicalMetric } from "../answer/metrics.js";
import { ApiError, errorBody, toApiError } from "./errors.js";
import { jsonBody } from "./body.js";
import { deadline } from "../deadline.js";
import { openApiDocument } from "./openapi.js";
import { askSchema, checkSchema, figuresQuerySchema, paragraphIdSchema } from "./schemas.js";
import { shortAnswer } from "./short.js";

export interface AppLogger {
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const silent: AppLogger = { info() {}, error() {} };

/** Where the app finds its engine: fixed in tests, filled in later by `npm start`. */
export type EngineSource = Engine | (() => Engine | null);

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    throw new ApiError("INVALID_REQUEST", issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; "), issues);
  }
  return result.data;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** The stable /api/ask contract. */
export function toAskResponse(answer: Answer) {
  return {
    answer: answer.answer,
    /** "answered", "related" (the report's most relevant passage, not a direct answer) or "not_in_report". */
    status: answer.status,
    answerable: answer.status === "answered",
    ...(answer.status !== "answered" ? { reason: answer.reason } : {}),
    ...(answer.status !== "answered" && answer.confidence ? { confidence: { score: round3(answer.confidence.score), features: Object.fromEntries(Object.entries(answer.confidence.features).map(([k, v]) => [k, round3(v)])) } } : {}),
    parts: answer.status === "not_in_report" ? [] : answer.parts,
    routing: answer.routing,
    interpretedAs: answer.interpretedAs ?? null,
    coverage: Math.round(answer.coverage * 1000) / 1000,
    citations: answer.citations,
    figures: answer.figures,
    timings: answer.timings,
  };
}

function figureView(f: FigureRecord) {
  const { clause: _clause, ...figure } = f;
  return { ...figure, metricKey: canonicalMetric(f.metric) };
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

export function createApp(source: EngineSource, config: Config, logger: AppLogger = silent) {
  const current = typeof source === "function" ? source : () => source;
  const need = (): Engine => {
    const engine = current();
    if (!engine) throw new ApiError("NOT_READY", "the index is still loading; try again shortly");
    return engine;
  };
  /** Report ids a request narrows to must be reports here: a typo is an error, not an empty answer. */
  const known = (engine: Engine, docIds: string[] | undefined) => {
    const unknown = (docIds ?? []).filter((id) => !engine.profiles.some((p) => p.id === id));
    if (unknown.length) throw new ApiError("INVALID_REQUEST", `docIds: no report ${unknown.map((u) => `"${u}"`).join(", ")}; GET /api/documents lists the reports`);
    return docIds;
  };
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", false);
  const ask = askSchema(config.maxQuestionChars);
  const check = checkSchema(config.maxQuestionChars);

  // Request id and one structured log line per request, with its latency.
  app.use((req, res, next) => {
    const id = randomUUID();
    res.locals.requestId = id;
    res.setHeader("X-Request-Id", id);
    const started = performance.now();
    res.on("finish", () =>
      logger.info({ requestId: id, method: req.method, url: req.originalUrl.slice(0, 200), status: res.statusCode, ms: Math.round((performance.now() - started) * 10) / 10 }, "request"),
    );
    next();
  });

  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", "data:"],
          connectSrc: ["'self'"],
          fontSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
    }),
  );

  // CORS stays closed (same origin only) unless origins are allowed in config.
  if (config.corsOrigins.length > 0) {
    const allowed = new Set(config.corsOrigins);
    app.use("/api", (req, res, next) => {
      const origin = req.headers.origin;
      if (origin && allowed.has(origin)) {
        res.setHeader("Access-Control-Allow-Origin", origin);
        res.setHeader("Vary", "Origin");
        res.setHeader("Access-Control-Allow-Methods", "GET, POST");
        res.setHeader("Access-Control-Allow-Headers", "content-type");
        if (req.method === "OPTIONS") return void res.status(204).end();
      }
      next();
    });
  }

  app.use(
    "/api",
    rateLimit({
      windowMs: 60_000,
      limit: config.rateLimitPerMinute,
      standardHeaders: "draft-7",
      legacyHeaders: false,
      // Probes of a supervisor or load balancer poll often; they must never be turned away.
      skip: (req) => req.path === "/health" || req.path === "/ready",
      handler: (_req, _res, next) => next(new ApiError("RATE_LIMITED", "too many requests; slow down and retry after the time in Retry-After")),
    }),
  );

  const json = jsonBody(config.maxBodyBytes);
  // Each question or claim gets the same wall-clock budget (REQUEST_DEADLINE_MS).
  const budget = () => deadline(config.requestDeadlineMs);

  /**
   * Whole response bodies of identical requests (real traffic repeats its questions).
   * The key holds the index version, so an engine on a new index never serves an
   * answer of the old one; only answers are kept — an error or a request past its
   * deadline throws before anything is stored. Identical requests arriving while
   * one is computed wait for it rather than compute it again. A hit carries the
   * timings of the request that computed it; `X-Cache: hit|miss` says which it was.
   */
  const answers = new Lru<string, string>({ maxEntries: config.answerCacheEntries, maxSize: config.answerCacheMb * 1024 * 1024, sizeOf: (body) => body.length * 2 });
  const computing = new Map<string, Promise<string>>();
  async function cachedBody(res: Response, engine: Engine, route: string, request: object, compute: () => Promise<string>): Promise<string> {
    if (config.answerCacheEntries <= 0) {
      const body = await compute();
      res.setHeader("X-Cache", "miss");
      return body;
    }
    const key = `${engine.indexInfo.version}\n${route}\n${JSON.stringify(request)}`;
    const hit = answers.get(key);
    if (hit !== undefined) {
      res.setHeader("X-Cache", "hit");
      return hit;
    }
    // The same request already being answered (a burst of one question): wait for that answer.
    const pending = computing.get(key);
    if (pending) {
      const body = await pending;
      res.setHeader("X-Cache", "hit");
      return body;
    }
    const computed = compute();
    computing.set(key, computed);
    try {
      const body = await computed;
      answers.set(key, body);
      // Only an answer says miss: an error response carries no X-Cache.
      res.setHeader("X-Cache", "miss");
      return body;
    } finally {
      computing.delete(key);
    }
  }
  /** A question request with its defaults filled in: the same question asked two ways is one key. */
  const askKey = (body: z.infer<typeof ask>) => ({
    question: body.question,
    history: body.history?.filter(Boolean) ?? [],
    docIds: body.docIds ?? null,
    topK: body.topK ?? config.defaultTopK,
    mode: body.mode ?? "hybrid",
    style: body.style ?? "full",
  });

  app.post("/api/ask", json, async (req, res) => {
    const body = parse(ask, req.body);
    const engine = need();
    const text = await cachedBody(res, engine, "ask", askKey(body), async () => {
      const answer = await engine.ask(body.question, { topK: body.topK, mode: body.mode, docIds: known(engine, body.docIds), history: body.history?.filter((h) => (typeof h === "string" ? h : h.question)), deadline: budget() });
      return JSON.stringify(body.style === "short" ? { ...shortAnswer(answer, config.shortAnswerChars, config.hotlineRefusal, config.hotlineRelated), timings: answer.timings } : toAskResponse(answer));
    });
    res.type("json").send(text);
  });

  /**
   * The same answer as /api/ask, as Server-Sent Events for the page: the answer's
   * parts as they are composed (each with the number of the citation it rests on),
   * then the citations and figures, then `done`. One code path: engine.ask.
   */
  app.post("/api/ask/stream", json, async (req, res) => {
    const body = parse(ask, req.body);
    const engine = need();
    const events = await cachedBody(res, engine, "ask/stream", askKey(body), async () => {
      const answer = await engine.ask(body.question, { topK: body.topK, mode: body.mode, docIds: known(engine, body.docIds), history: body.history?.filter((h) => (typeof h === "string" ? h : h.question)), deadline: budget() });
      const response = toAskResponse(answer);
      const out: string[] = [];
      const send = (event: string, data: unknown) => out.push(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      send("start", { status: response.status, answerable: response.answerable, reason: response.reason ?? null, interpretedAs: response.interpretedAs, routing: response.routing });
      if (answer.status !== "not_in_report") {
        answer.parts.forEach((part, i) => send("delta", { text: (i > 0 ? "；" : "") + part.text, citation: part.citation === null ? null : part.citation + 1, docId: part.docId, report: part.report }));
      } else send("delta", { text: answer.answer, citation: null, docId: null, report: null });
      send("citations", { citations: response.citations, figures: response.figures });
      send("done", { timings: response.timings, coverage: response.coverage });
      return out.join("");
    });
    res.setHeader("Content-Type", "text/event-stream; charset=utf-8");
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("X-Accel-Buffering", "no");
    res.end(events);
  });

  app.post("/api/check", json, async (req, res) => {
    const body = parse(check, req.body);
    const engine = need();
    const text = await cachedBody(res, engine, "check", { claim: body.claim, docIds: body.docIds ?? null }, async () => {
      const result = await engine.check(body.claim, budget(), known(engine, body.docIds));
      return JSON.stringify({
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
        docId: result.docId,
        timings: result.timings,
      });
    });
    res.type("json").send(text);
  });

  app.get("/api/figures", (req, res) => {
    const query = parse(figuresQuerySchema, req.query);
    const engine = need();
    known(engine, query.docIds);
    const figures = engine.findFigures(query);
    res.json({ count: figures.length, figures: figures.map((f) => ({ ...figureView(f), report: engine.figureCitation(f).report, citation: engine.figureCitation(f) })) });
  });

  app.get("/api/paragraphs/:id", (req, res) => {
    const id = parse(paragraphIdSchema, req.params.id);
    const engine = need();
    const order = engine.corpus.paragraphs;
    const i = order.findIndex((p) => p.id === id);
    if (i < 0) throw new ApiError("NOT_FOUND", `no paragraph ${id}`);
    const p = order[i]!;
    const neighbour = (j: number) => (order[j]?.docId === p.docId ? paragraphView(engine, order[j]!) : null);
    res.json({ paragraph: paragraphView(engine, p), previous: neighbour(i - 1), next: neighbour(i + 1) });
  });

  app.get("/api/documents", (_req, res) => {
    const engine = need();
    const count = (docId: string, kind?: string) => engine.corpus.paragraphs.filter((p) => p.docId === docId && (!kind || p.kind === kind)).length;
    res.json({
      documents: engine.profiles.map((p) => ({ ...p, paragraphs: count(p.id), parts: count(p.id, "part-heading"), figures: engine.figures.filter((f) => f.docId === p.id).length })),
    });
  });

  app.get("/api/documents/:docId/paragraphs", (req, res) => {
    const engine = need();
    const list = engine.corpus.paragraphs.filter((p) => p.docId === req.params.docId);
    if (list.length === 0) throw new ApiError("NOT_FOUND", "no such document");
    res.json({ paragraphs: list.map((p) => paragraphView(engine, p)) });
  });

  // Alive as soon as the process serves; ready only with a loaded index.
  app.get("/api/health", (_req, res) => {
    const engine = current();
    const i = engine?.indexInfo;
    // Which process answered: with several workers sharing the port, each reports itself.
    res.json({ status: "ok", ready: Boolean(engine), model: i?.model ?? null, reports: i?.reports ?? null, chunks: i?.chunks ?? null, backend: i?.backend ?? null, indexVersion: i?.version ?? null, pid: process.pid, worker: cluster.worker?.id ?? null });
  });
  app.get("/api/ready", (_req, res) => {
    const engine = need();
    res.json({ status: "ready", model: engine.indexInfo.model, reports: engine.indexInfo.reports, chunks: engine.indexInfo.chunks });
  });

  const openapi = openApiDocument(config);
  app.get("/api/openapi.json", (_req, res) => {
    res.json(openapi);
  });

  app.use("/api", (_req, _res, next) => next(new ApiError("NOT_FOUND", "no such API route")));
  const web = path.join(config.root, "web");
  // Shareable reader links (/r#liubei-2023:p1-6-3) are the same page.
  app.get("/r", (_req, res) => res.sendFile(path.join(web, "index.html")));
  app.use(express.static(web, { index: "index.html", fallthrough: true }));
  app.use((_req, _res, next) => next(new ApiError("NOT_FOUND", "no such page")));

  // The one error handler: known errors with their status, anything else a bare 500.
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const known = toApiError(err);
    const requestId = res.locals.requestId as string | undefined;
    if (known) {
      if (res.headersSent) return void res.end();
      if (known.code === "TOO_COMPLEX") logger.info({ requestId, url: req.originalUrl.slice(0, 200), stage: (err as { stage?: string }).stage }, "request stopped at its deadline");
      res.status(known.status).json(errorBody(known, requestId));
      return;
    }
    logger.error({ requestId, err: err instanceof Error ? { message: err.message, stack: err.stack } : String(err), url: req.originalUrl.slice(0, 200) }, "unhandled error");
    if (res.headersSent) return void res.end();
    res.status(500).json({ error: { code: "INTERNAL", message: "internal error", requestId } });
  });
  return app;
}
