// The page: ask, show the answer, and show each cited paragraph with the quoted words highlighted.
// All text goes in through textContent, never innerHTML: questions, answers and the report stay text.
const form = document.getElementById("ask-form");
const input = document.getElementById("question");
const result = document.getElementById("result");

function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "text") node.textContent = v;
    else node.setAttribute(k, v);
  }
  for (const child of children) node.append(child);
  return node;
}

/** The paragraph with the quote marked: quote offsets are file offsets, the paragraph's too. */
function highlighted(citation) {
  const p = el("p", { class: "paragraph" });
  const from = citation.text.indexOf(citation.quote);
  if (from < 0 || !citation.quote) {
    p.textContent = citation.text;
    return p;
  }
  p.append(citation.text.slice(0, from), el("mark", { text: citation.quote }), citation.text.slice(from + citation.quote.length));
  return p;
}

function render(data) {
  result.replaceChildren();
  const answer = el("div", { class: data.answerable ? "answer" : "answer refused" }, [
    el("h2", { text: data.answerable ? "回答" : "报告没有说" }),
    el("p", { class: "answer-text", text: data.answer }),
  ]);
  result.append(answer);
  if (data.citations.length) {
    result.append(el("h3", { text: data.answerable ? "出处" : "最接近的段落" }));
    const list = el("ol", { class: "citations" });
    for (const c of data.citations) {
      list.append(el("li", {}, [el("div", { class: "ref", text: `${c.reference} · ${c.section}` }), highlighted(c)]));
    }
    result.append(list);
  }
  result.append(el("p", { class: "timing", text: `${Math.round(data.timings.totalMs)} ms` }));
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const question = input.value.trim();
  if (!question) return;
  result.replaceChildren(el("p", { class: "pending", text: "正在查找…" }));
  try {
    const res = await fetch("/api/ask", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ question }) });
    const data = await res.json();
    if (!res.ok) throw new Error(data.error?.message ?? `HTTP ${res.status}`);
    render(data);
  } catch (err) {
    result.replaceChildren(el("p", { class: "error", role: "alert", text: `出错了：${err.message}` }));
  }
});
