//! The pool with the name of its database, and [`RowReader`], which reads
//! columns so that a bad value becomes a [`StateError::Corrupt`] naming the
//! row instead of a panic.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use sqlx::sqlite::{SqlitePool, SqliteRow};
use sqlx::{Row, Sqlite, Transaction};

use crate::{StateError, stamp};

/// A connection pool and the location it was opened from (file path or
/// `:memory:`), which every error carries.
#[derive(Debug, Clone)]
pub(crate) struct Db {
    pub(crate) pool: SqlitePool,
    location: Arc<str>,
}

impl Db {
    /// Wraps an open pool.
    pub(crate) fn new(pool: SqlitePool, location: &str) -> Self {
        Db {
            pool,
            location: location.into(),
        }
    }

    /// The file path, or `:memory:`.
    pub(crate) fn location(&self) -> &str {
        &self.location
    }

    /// Maps a failed statement to an error that says what the store was doing.
    pub(crate) fn failed(&self, action: &'static str) -> impl FnOnce(sqlx::Error) -> StateError {
        let location = self.location.to_string();
        move |source| StateError::Query {
            location,
            action,
            source,
        }
    }

    /// An error for a row that cannot be read back.
    pub(crate) fn corrupt(&self, table: &'static str, row: &str, detail: String) -> StateError {
        StateError::Corrupt {
            location: self.location.to_string(),
            table,
            row: row.to_owned(),
            detail,
        }
    }

    /// Starts a write transaction that takes the write lock at once.
    ///
    /// A deferred `BEGIN` would take it at the first write, and if another
    /// connection wrote in between, SQLite fails the upgrade with BUSY
    /// without waiting; `BEGIN IMMEDIATE` waits (busy timeout) instead.
    pub(crate) async fn begin_write(
        &self,
        action: &'static str,
    ) -> Result<Transaction<'static, Sqlite>, StateError> {
        self.pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(self.failed(action))
    }

    /// A reader for one row of `table` whose key is in column `key_column`.
    pub(crate) fn reader<'r>(
        &'r self,
        row: &'r SqliteRow,
        table: &'static str,
        key_column: &str,
    ) -> RowReader<'r> {
        // Keys are text, or integers for the crawl history. A key that
        // cannot be read shows as `?`, so the error still names the table.
        let key = row
            .try_get::<String, _>(key_column)
            .or_else(|_| {
                row.try_get::<i64, _>(key_column)
                    .map(|number| number.to_string())
            })
            .unwrap_or_else(|_| "?".to_owned());
        RowReader {
            db: self,
            row,
            table,
            key,
        }
    }
}

/// Reads typed columns of one row; errors name the table and the row's key.
pub(crate) struct RowReader<'r> {
    db: &'r Db,
    row: &'r SqliteRow,
    table: &'static str,
    key: String,
}

impl RowReader<'_> {
    /// The row's key, for messages.
    pub(crate) fn key(&self) -> &str {
        &self.key
    }

    /// An error about this row.
    pub(crate) fn corrupt(&self, detail: String) -> StateError {
        self.db.corrupt(self.table, &self.key, detail)
    }

    /// A text column that may be NULL.
    pub(crate) fn opt_text(&self, column: &str) -> Result<Option<String>, StateError> {
        self.row
            .try_get::<Option<String>, _>(column)
            .map_err(|error| self.corrupt(format!("column {column}: {error}")))
    }

    /// A text column that must not be NULL.
    pub(crate) fn text(&self, column: &str) -> Result<String, StateError> {
        self.opt_text(column)?
            .ok_or_else(|| self.corrupt(format!("column {column} is NULL")))
    }

    /// A timestamp column that may be NULL.
    pub(crate) fn opt_time(&self, column: &str) -> Result<Option<DateTime<Utc>>, StateError> {
        self.opt_text(column)?
            .map(|text| stamp::from_db(&text))
            .transpose()
            .map_err(|error| self.corrupt(format!("column {column}: {error}")))
    }

    /// A timestamp column that must not be NULL.
    pub(crate) fn time(&self, column: &str) -> Result<DateTime<Utc>, StateError> {
        self.opt_time(column)?
            .ok_or_else(|| self.corrupt(format!("column {column} is NULL")))
    }

    /// An integer column that may be NULL, converted to the wanted type.
    pub(crate) fn opt_int<T: TryFrom<i64>>(&self, column: &str) -> Result<Option<T>, StateError> {
        let value = self
            .row
            .try_get::<Option<i64>, _>(column)
            .map_err(|error| self.corrupt(format!("column {column}: {error}")))?;
        value
            .map(|number| {
                T::try_from(number)
                    .map_err(|_| self.corrupt(format!("column {column}: {number} is out of range")))
            })
            .transpose()
    }

    /// An integer column that must not be NULL.
    pub(crate) fn int<T: TryFrom<i64>>(&self, column: &str) -> Result<T, StateError> {
        self.opt_int(column)?
            .ok_or_else(|| self.corrupt(format!("column {column} is NULL")))
    }
}

/// A count or a duration as SQLite stores integers (saturating: a count
/// past `i64::MAX` cannot occur, and a wrong number beats a panic).
pub(crate) fn db_int(value: impl TryInto<i64>) -> i64 {
    value.try_into().unwrap_or(i64::MAX)
}
