-- Trigram indexes for customer search. PGlite needs the extension passed when it opens (see client.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
