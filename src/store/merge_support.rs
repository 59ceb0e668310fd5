//! Store internals the merge needs: the schema, applied to a fresh
//! connection (bundles) and its version.

use rusqlite::Connection;

use super::Store;

impl Store {
    /// Applies this parcheck's schema migrations to `conn`.
    pub(crate) fn apply_schema(conn: &mut Connection) -> Result<(), String> {
        super::migrate(conn, "bundle").map_err(|e| e.to_string())
    }

    /// Applies the schema migrations up to `version` to `conn`.
    pub(crate) fn apply_schema_version(conn: &mut Connection, version: i64) -> Result<(), String> {
        let target = usize::try_from(version).map_err(|e| e.to_string())?;
        super::migrate_to(conn, "bundle", target).map_err(|e| e.to_string())
    }

    /// The schema version (`PRAGMA user_version`) this parcheck writes.
    pub(crate) fn known_schema_version() -> i64 {
        super::MIGRATIONS.len() as i64
    }
}
