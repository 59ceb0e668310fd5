//! Store internals the merge needs: the schema, applied to a fresh
//! connection (bundles) and its version.

use rusqlite::Connection;

use super::Store;

impl Store {
    /// Applies this parcheck's schema migrations to `conn`.
    pub(crate) fn apply_schema(conn: &mut Connection) -> Result<(), String> {
        super::migrate(conn, "bundle").map_err(|e| e.to_string())
    }

    /// The schema version (`PRAGMA user_version`) this parcheck writes.
    pub(crate) fn known_schema_version() -> i64 {
        super::MIGRATIONS.len() as i64
    }
}
