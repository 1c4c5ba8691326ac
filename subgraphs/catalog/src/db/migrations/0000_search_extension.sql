-- Custom SQL migration file, put your code below! --
-- pg_trgm (typo-tolerant search) is installed once per database, in its own schema `extensions`, not in
-- a tenant schema (an extension lives in exactly one schema) and not in `public` (no shared objects on the
-- app's search_path). Catalog code names it explicitly (extensions.gin_trgm_ops, OPERATOR(extensions.<%)).
-- pg_trgm is a trusted extension (PostgreSQL 13+): a role with CREATE on the database may install it,
-- so this also runs on managed servers (RDS) without a superuser. The lock serialises tenants migrating
-- at the same time, which would otherwise race on CREATE EXTENSION IF NOT EXISTS.
SELECT pg_advisory_xact_lock(hashtext('meridian.extensions.pg_trgm'));
--> statement-breakpoint
CREATE SCHEMA IF NOT EXISTS extensions;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA extensions;
--> statement-breakpoint
GRANT USAGE ON SCHEMA extensions TO PUBLIC;
