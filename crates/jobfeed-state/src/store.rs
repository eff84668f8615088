//! [`StateStore`]: opening the database, its settings and its migrations.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use crate::StateError;
use crate::db::Db;

/// The table that records which migrations ran.
///
/// Not sqlx's default `_sqlx_migrations`: the apalis SQLite queue keeps its
/// own migrations there, and if both ever share one file, each migrator
/// would find the other's versions "applied but missing" and refuse to run.
const MIGRATIONS_TABLE: &str = "_jobfeed_state_migrations";

/// How long a connection waits for another one's write lock before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Connections to a file: one writer at a time (SQLite), the rest read
/// concurrently (WAL), for example the API while a crawl is recorded.
const FILE_CONNECTIONS: u32 = 4;

/// The state database: crawl state per source, posting history, expiry.
///
/// Cheap to clone (the pool is shared). One process should own the file
/// (the hub); see the crate docs for the tables.
#[derive(Debug, Clone)]
pub struct StateStore {
    pub(crate) db: Db,
}

impl StateStore {
    /// Opens (or creates) the database file at `path`, creating its parent
    /// directory, and brings its schema up to date.
    ///
    /// Durability: the file runs in WAL mode with `synchronous=NORMAL`. A
    /// commit is then safe against a crash of jobfeed itself and can never
    /// corrupt the file, but the last commits before a power cut or OS crash
    /// may be lost. That is the right trade here: state is re-derived by the
    /// next crawl of each source (a lost crawl record means its postings are
    /// seen again), while `FULL` would fsync on every crawl of ~300 sources.
    pub async fn open(path: impl AsRef<Path>) -> Result<Self, StateError> {
        let path = path.as_ref();
        create_parent_dir(path)?;
        let location = path.display().to_string();
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT);
        let pool = SqlitePoolOptions::new()
            .max_connections(FILE_CONNECTIONS)
            .connect_with(options)
            .await
            .map_err(|source| StateError::Open {
                location: location.clone(),
                source,
            })?;
        Self::migrated(pool, &location).await
    }

    /// Opens a fresh database that lives in memory only (for tests and
    /// one-off runs); it disappears when the store is dropped.
    pub async fn open_in_memory() -> Result<Self, StateError> {
        let location = ":memory:";
        let open_error = |source| StateError::Open {
            location: location.to_owned(),
            source,
        };
        let options = SqliteConnectOptions::from_str("sqlite::memory:")
            .map_err(open_error)?
            .foreign_keys(true);
        // One connection that never closes: an in-memory database lives
        // exactly as long as its last connection.
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(options)
            .await
            .map_err(open_error)?;
        Self::migrated(pool, location).await
    }

    /// Where the database is: its file path, or `:memory:`.
    pub fn location(&self) -> &str {
        self.db.location()
    }

    /// Waits for running statements and closes every connection, so the WAL
    /// is checkpointed into the file. Later calls on any clone fail.
    pub async fn close(&self) {
        self.db.pool.close().await;
    }

    /// Runs the embedded migrations that have not run yet and wraps the pool.
    async fn migrated(pool: SqlitePool, location: &str) -> Result<Self, StateError> {
        let mut migrator: Migrator = sqlx::migrate!("./migrations");
        migrator.dangerous_set_table_name(MIGRATIONS_TABLE);
        migrator
            .run(&pool)
            .await
            .map_err(|source| StateError::Migrate {
                location: location.to_owned(),
                source,
            })?;
        Ok(StateStore {
            db: Db::new(pool, location),
        })
    }
}

/// Creates the directory that will hold the database file.
fn create_parent_dir(path: &Path) -> Result<(), StateError> {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => {
            std::fs::create_dir_all(dir).map_err(|source| StateError::CreateDir {
                path: dir.to_path_buf(),
                source,
            })
        }
        _ => Ok(()),
    }
}
