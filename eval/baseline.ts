/**
 * The "vanilla LangChain RAG" a user would build instead: the whole report split
 * by RecursiveCharacterTextSplitter (1000/200), the same embeddings, LangChain's
 * HNSWLib store with its defaults, top-4. Retrieved chunks are mapped back to
 * the paragraphs they overlap so hits are comparable with ours.
 */
import { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import { RecursiveCharacterTextSplitter } from "@langchain/textsplitters";
import type { Engine } from "../src/engine.js";
import type { Retrieve } from "./retrieval.js";

export async function vanillaLangChain(engine: Engine): Promise<Retrieve> {
  const splitter = new RecursiveCharacterTextSplitter({ chunkSize: 1000, chunkOverlap: 200 });
  const docs = [];
  for (const d of engine.corpus.documents) {
    for (const chunk of await splitter.createDocuments([d.text], [{ docId: d.id }])) {
      docs.push(chunk);
    }
  }
  const store = await HNSWLib.fromDocuments(docs, engine.embeddings);
  const paragraphs = engine.corpus.paragraphs;
  return async (question) => {
    const hits = await store.similaritySearch(question, 4);
    return hits.map((hit) => {
      const doc = engine.corpus.documents.find((d) => d.id === hit.metadata.docId)!;
      // The splitter trims text; find the chunk in the file to recover its offsets.
      const start = doc.text.indexOf(hit.pageContent);
      const end = start + hit.pageContent.length;
      return paragraphs.filter((p) => p.docId === doc.id && p.end > start && p.start < end).map((p) => p.id);
    });
  };
}
