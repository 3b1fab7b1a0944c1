-- The index contract (src/index/backend.ts) in tables. Everything is keyed by
-- the application's stable ids; every row of a report carries its doc_id, and
-- deleting the report's row removes them all (on delete cascade), so replacing
-- a report is one delete and a few inserts in one transaction.
-- Ids and terms compare in "C" collation: byte order, the order the embedded
-- backend sorts ties in, whatever the database's default collation.
-- What is only stored and read back whole (profiles, manifests, paragraphs,
-- chunks, figures) is json, not jsonb: json keeps the text as written, so an
-- object comes back with its keys in their order and its numbers as they were.

create extension if not exists vector;

-- One row: the index version (changes on every put or remove; caches key on it)
-- and the vector settings the chunks table was created with (002).
create table index_meta (
  id boolean primary key default true check (id),
  version text not null,
  dims integer,
  hnsw_m integer,
  hnsw_ef_construction integer
);
insert into index_meta (version) values ('empty');

create table reports (
  doc_id text collate "C" primary key,
  -- The DocumentProfile; the verbatim text is kept apart, as text, untouched.
  profile json not null,
  text text not null,
  manifest json not null,
  -- BM25 statistics of the report: n and the mean chunk length.
  chunk_count integer not null,
  avg_length double precision not null
);

create table paragraphs (
  id text collate "C" primary key,
  doc_id text collate "C" not null references reports on delete cascade,
  ordinal integer not null,
  data json not null
);
create index paragraphs_doc on paragraphs (doc_id, ordinal);

-- The embedding column and its HNSW index are added by 002, with the model's dimension.
create table chunks (
  id text collate "C" primary key,
  doc_id text collate "C" not null references reports on delete cascade,
  ordinal integer not null,
  -- Number of jieba tokens of the chunk's heading and text: its BM25 length.
  length integer not null,
  data json not null
);
create index chunks_doc on chunks (doc_id, ordinal);

-- Term postings: the jieba terms the application computed (Postgres has no Chinese segmenter).
create table chunk_terms (
  doc_id text collate "C" not null references reports on delete cascade,
  term text collate "C" not null,
  chunk_id text collate "C" not null,
  tf integer not null,
  -- The chunk's BM25 length, copied here so a term search reads postings alone.
  length integer not null,
  primary key (doc_id, term, chunk_id)
);
create index chunk_terms_term on chunk_terms (term) include (doc_id, chunk_id, tf, length);

-- In how many of its report's chunks each term occurs (BM25's df, per report).
create table report_terms (
  doc_id text collate "C" not null references reports on delete cascade,
  term text collate "C" not null,
  df integer not null,
  primary key (doc_id, term)
);

create table figures (
  doc_id text collate "C" not null references reports on delete cascade,
  ordinal integer not null,
  data json not null,
  primary key (doc_id, ordinal)
);
