-- The chunks' vectors, with the embedding model's dimension, and the HNSW index
-- over them. {{dims}}, {{hnsw_m}} and {{hnsw_ef_construction}} are filled in by
-- the migration runner (src/index/postgres/migrate.ts) from the model and the
-- configuration when this runs, and recorded in index_meta: a later start with
-- a model of another dimension is refused (its vectors could not be compared).
-- To change m or ef_construction later:
--   drop index chunks_embedding;
--   create index chunks_embedding on chunks using hnsw (embedding vector_cosine_ops) with (m = …, ef_construction = …);
--   update index_meta set hnsw_m = …, hnsw_ef_construction = …;

alter table chunks add column embedding vector({{dims}}) not null;

create index chunks_embedding on chunks using hnsw (embedding vector_cosine_ops)
  with (m = {{hnsw_m}}, ef_construction = {{hnsw_ef_construction}});

update index_meta set dims = {{dims}}, hnsw_m = {{hnsw_m}}, hnsw_ef_construction = {{hnsw_ef_construction}};
