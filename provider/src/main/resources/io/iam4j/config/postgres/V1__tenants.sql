-- iam4j configuration store, schema version 1.
-- A tenant is its documents, (tenant, path, content) rows holding exactly what the file tree holds
-- under tenants/<tenant>/<path>, so that the same loader validates them.

-- One row: the position of the last change. Every write takes this row's lock, so positions are
-- given in commit order and a poller reading "position > P" never misses a change.
CREATE TABLE iam4j_store (
  id integer PRIMARY KEY CHECK (id = 1),
  position bigint NOT NULL
);
INSERT INTO iam4j_store (id, position) VALUES (1, 0);

-- Per tenant: its version (every write adds one; never goes back, even when its documents are all
-- removed and it is created again), the position of its last change, and who made it.
CREATE TABLE iam4j_tenant (
  tenant varchar(63) PRIMARY KEY,
  version bigint NOT NULL,
  position bigint NOT NULL,
  documents integer NOT NULL,
  fingerprint char(64) NOT NULL,
  updated_at timestamptz NOT NULL,
  updated_by text
);
CREATE INDEX iam4j_tenant_position ON iam4j_tenant (position);

CREATE TABLE iam4j_document (
  tenant varchar(63) NOT NULL REFERENCES iam4j_tenant (tenant),
  path varchar(1024) NOT NULL,
  content text NOT NULL,
  version bigint NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant, path)
);
