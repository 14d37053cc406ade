-- iam4j configuration store, schema version 2: which tenant holds each access key id, so that a node
-- loading its tenants lazily (iam4j.store.lazy) finds the tenant of a signed request's key with one
-- indexed query instead of loading every tenant. Every write that changes a tenant's users/ documents
-- rewrites the tenant's rows in the same transaction. A hint only: a node serves a key only when the
-- tenant named here, loaded and validated, holds it.
CREATE TABLE iam4j_access_key (
  key_id varchar(128) PRIMARY KEY,
  tenant varchar(63) NOT NULL REFERENCES iam4j_tenant (tenant)
);
CREATE INDEX iam4j_access_key_tenant ON iam4j_access_key (tenant);

-- The keys already stored: "accessKeys": [{"id": ...}] of the users/ documents. A document that
-- PostgreSQL's JSON parser refuses is skipped (its keys are found by the full load, as before).
DO $$
DECLARE
  d record;
BEGIN
  FOR d IN SELECT tenant, content FROM iam4j_document WHERE path LIKE 'users/%.json' LOOP
    BEGIN
      INSERT INTO iam4j_access_key (key_id, tenant)
      SELECT k ->> 'id', d.tenant
      FROM jsonb_array_elements(CASE WHEN jsonb_typeof(d.content::jsonb -> 'accessKeys') = 'array'
          THEN d.content::jsonb -> 'accessKeys' ELSE '[]'::jsonb END) AS k
      WHERE jsonb_typeof(k -> 'id') = 'string' AND length(k ->> 'id') BETWEEN 16 AND 128
      ON CONFLICT (key_id) DO NOTHING;
    EXCEPTION WHEN others THEN
      NULL;
    END;
  END LOOP;
END
$$;
