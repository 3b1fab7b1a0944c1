/**
 * A self-contained HTML report of the eval runs (inline SVG, no scripts, no
 * network), one section per run: summary, wrong-report counts, per-report
 * table, accuracy per type and split, the retrieval comparison, the coverage
 * distributions of answerable vs unanswerable questions with the refusal
 * threshold drawn in, claim checking, and the tuning split's misses (held-out
 * items are never listed one by one).
 */
import type { Summary } from "./metrics.js";
import type { EvalResults, EvalRun } from "./run.js";

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const pct = (x: number | null) => (x === null ? "–" : `${(x * 100).toFixed(1)}%`);

function bars(title: string, rows: { label: string; value: number | null; color: string }[]): string {
  const w = 640, rowH = 22, left = 150;
  const h = rows.length * rowH + 30;
  const body = rows
    .map((r, i) => {
      const y = 24 + i * rowH;
      const len = ((r.value ?? 0) * (w - left - 60));
      return `<text x="${left - 6}" y="${y + 14}" text-anchor="end" font-size="12">${esc(r.label)}</text><rect x="${left}" y="${y + 2}" width="${len.toFixed(1)}" height="${rowH - 6}" fill="${r.color}"/><text x="${left + len + 4}" y="${y + 14}" font-size="12">${pct(r.value)}</text>`;
    })
    .join("");
  return `<figure><figcaption>${esc(title)}</figcaption><svg width="${w}" height="${h}" role="img" aria-label="${esc(title)}">${body}</svg></figure>`;
}

function histogram(run: EvalRun): string {
  const bins = 20, w = 640, h = 220, pad = 30;
  const count = (answerable: boolean) => {
    const c = new Array(bins).fill(0) as number[];
    for (const s of run.items.filter((i) => i.shouldAnswer === answerable)) c[Math.min(bins - 1, Math.floor(s.coverage * bins))]++;
    return c;
  };
  const yes = count(true), no = count(false);
  const max = Math.max(1, ...yes, ...no);
  const bw = (w - 2 * pad) / bins;
  const col = (c: number[], color: string, dx: number) =>
    c.map((v, i) => `<rect x="${(pad + i * bw + dx).toFixed(1)}" y="${(h - pad - (v / max) * (h - 2 * pad)).toFixed(1)}" width="${(bw / 2 - 1).toFixed(1)}" height="${((v / max) * (h - 2 * pad)).toFixed(1)}" fill="${color}"><title>${v}</title></rect>`).join("");
  const threshold = Number(run.config.minCoverage ?? 0);
  const tx = pad + threshold * (w - 2 * pad);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((t) => `<text x="${pad + t * (w - 2 * pad)}" y="${h - 10}" font-size="11" text-anchor="middle">${t}</text>`).join("");
  return `<figure><figcaption>Coverage of the question by the answer: answerable (blue) vs unanswerable (orange); refusal threshold ${threshold}</figcaption>
<svg width="${w}" height="${h}" role="img" aria-label="coverage histogram">${col(yes, "#1a5fb4", 0)}${col(no, "#e66100", bw / 2)}<line x1="${tx}" x2="${tx}" y1="${pad / 2}" y2="${h - pad}" stroke="#000" stroke-dasharray="4 3"/>${ticks}</svg></figure>`;
}

function summaryRows(rows: [string, Summary][]): string {
  return rows
    .map(([k, s]) => `<tr><th>${esc(k)}</th><td>${s.n}</td><td>${pct(s.hit1)}</td><td>${pct(s.hit3)}</td><td>${pct(s.hit5)}</td><td>${s.mrr?.toFixed(3) ?? "–"}</td><td>${pct(s.accuracy)}</td><td>${pct(s.citationPrecision)}</td><td>${pct(s.refusalPrecision)}</td><td>${pct(s.refusalRecall)}</td><td>${pct(s.reasonMatch)}</td><td>${pct(s.falseRefusalRate)}</td><td>${s.wrongReport}</td><td>${s.p50Ms.toFixed(1)}</td><td>${s.p95Ms.toFixed(1)}</td></tr>`)
    .join("");
}

const SUMMARY_HEAD = "<tr><th></th><th>n</th><th>hit@1</th><th>hit@3</th><th>hit@5</th><th>MRR</th><th>accuracy</th><th>citation precision</th><th>refusal precision</th><th>refusal recall</th><th>same refusal reason</th><th>false refusals</th><th>wrong report</th><th>p50 ms</th><th>p95 ms</th></tr>";

function renderRun(run: EvalRun): string {
  const splits = Object.keys(run.byType);
  const colors: Record<string, string> = { tuning: "#1a5fb4", heldout: "#26a269" };
  const accuracy = splits.flatMap((split) =>
    Object.entries(run.byType[split]!).map(([type, s]) => ({ label: `${type} · ${split}`, value: type.endsWith("unanswerable") ? s.refusalRecall : s.accuracy, color: colors[split] ?? "#555" })),
  );
  const retrieval = Object.entries(run.retrieval).flatMap(([name, r]) => [
    { label: `${name} hit@5`, value: r.hit5, color: "#1a5fb4" },
    { label: `${name} MRR`, value: r.mrr, color: "#613583" },
  ]);
  const wrong = Object.entries(run.wrongReport)
    .map(([k, c]) => `<tr><th>${esc(k)}</th><td>${c.n}</td><td><b>${c.wrong}</b></td><td>${c.questions}</td><td>${c.claims}</td><td>${c.cited}</td></tr>`)
    .join("");
  const reports = Object.entries(run.byReport)
    .flatMap(([split, rows]) =>
      Object.entries(rows).map(([r, { questions: q, claims: c }]) =>
        `<tr><th>${esc(r)} · ${esc(split)}</th><td>${q?.n ?? 0}</td><td>${pct(q?.hit5 ?? null)}</td><td>${pct(q?.accuracy ?? null)}</td><td>${pct(q?.refusalRecall ?? null)}</td><td>${c?.n ?? 0}</td><td>${pct(c?.verdictAccuracy ?? null)}</td><td>${(q?.wrongReport ?? 0) + (c?.wrongReport ?? 0)}</td><td>${(q?.wrongReportCited ?? 0) + (c?.wrongReportCited ?? 0)}</td></tr>`,
      ),
    )
    .join("");
  // Held-out items are measured, never listed: misses of the tuning split only.
  const failures = run.items
    .filter((s) => s.split === "tuning" && (s.correct === false || s.wrongReport || (s.shouldAnswer ? !s.answerable : s.answerable)))
    .map((s) => `<tr><td>${esc(s.id)}</td><td>${esc(s.type)}</td><td>${esc(s.docs.join(", ") || "none")}</td><td>${esc(s.question)}</td><td>${esc(s.answer)}</td><td>${s.wrongReport ? esc(s.otherReports.join(", ")) : ""}</td></tr>`)
    .join("");
  return `<section><h2>${esc(run.title)}</h2><p>${esc(run.at)} · model ${esc(run.model)} · ${run.corpus.served.length} of ${run.corpus.reports.length} reports served · ${run.seconds.total} s · config ${esc(JSON.stringify(run.config))}</p>
<table>${SUMMARY_HEAD}${summaryRows(Object.entries(run.overall))}</table>
<h3>Wrong report</h3><p>Answered from a report the question did not ask about (answer citations and figures; claims: the figures checked against). "cited" counts any citation from another report, context included.</p>
<table><tr><th></th><th>items</th><th>wrong report</th><th>questions</th><th>claims</th><th>cited</th></tr>${wrong}</table>
<h3>Per report</h3><table><tr><th>report (docs[0]) · split</th><th>questions</th><th>hit@5</th><th>accuracy</th><th>refusal recall</th><th>claims</th><th>verdict accuracy</th><th>wrong report</th><th>cited</th></tr>${reports}</table>
${bars("Answer accuracy per type (unanswerable: refusal recall)", accuracy)}
${bars("Retrieval: hit@5 and MRR", retrieval)}
${histogram(run)}
<h3>Claim checking</h3><table><tr><th></th><th>n</th><th>verdict accuracy</th><th>mismatch named</th><th>evidence cites gold</th><th>wrong report</th></tr>${Object.entries(run.claims).map(([k, c]) => `<tr><th>${esc(k)}</th><td>${c.n}</td><td>${pct(c.verdictAccuracy)}</td><td>${pct(c.mismatchAccuracy)}</td><td>${pct(c.evidenceHit)}</td><td>${c.wrongReport}</td></tr>`).join("")}</table>
<h3>Misses (tuning split)</h3><table><tr><th>id</th><th>type</th><th>docs</th><th>question</th><th>answer</th><th>other reports</th></tr>${failures}</table></section>`;
}

export function renderReport(results: EvalResults): string {
  const runs = Object.values(results.runs);
  const comparison = results.seedComparison
    ? `<h2>Seed items: alone vs with all reports</h2><table><tr><th>split</th><th>n</th><th>accuracy alone</th><th>accuracy with all</th><th>hit@5 alone</th><th>hit@5 with all</th></tr>${Object.entries(results.seedComparison).map(([k, r]) => `<tr><th>${esc(k)}</th><td>${r.n}</td><td>${pct(r.alone.accuracy)}</td><td>${pct(r.withAll.accuracy)}</td><td>${pct(r.alone.hit5)}</td><td>${pct(r.withAll.hit5)}</td></tr>`).join("")}</table>`
    : "";
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>report-qa eval ${esc(results.at)}</title>
<style>body{font:14px/1.5 system-ui,sans-serif;max-width:1100px;margin:auto;padding:16px}table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}td:nth-child(4),td:nth-child(5){text-align:left}figure{margin:16px 0}figcaption{font-weight:600}section{border-top:2px solid #333;margin-top:24px}</style></head><body>
<h1>report-qa evaluation</h1><p>${esc(results.at)} · runs: ${runs.map((r) => esc(r.title)).join(", ")}</p>
${comparison}
${runs.map(renderRun).join("\n")}
</body></html>`;
}
