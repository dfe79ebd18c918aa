// Backup and restore of an SQLite KINet database (`kinet db backup|restore`).
//
// Backups use SQLite's online backup API, which copies a consistent snapshot
// page by page while other connections keep reading and writing (WAL mode:
// writers are not blocked). A backup is one self-contained file (rollback
// journal mode, no -wal/-shm companions) that is itself a valid database.
// PostgreSQL databases are backed up with the server's own tools.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "store/database.h"

namespace kinet {

// Writes a consistent copy of `db` to `dest_path`, replacing any file there
// only once the copy is complete (written next to it, then renamed).
// Safe while other threads and processes use the database.
// Errors: FailedPrecondition for a PostgreSQL database (use pg_dump) or an
// in-memory one; Unavailable when dest_path cannot be written.
Status BackupSqlite(Database& db, const std::string& dest_path);

// Replaces the SQLite database named by `db_url` (as for OpenDatabase) with
// the backup at `backup_path`. The backup must be a KINet database: an SQLite
// file with a schema_migrations table that passes PRAGMA integrity_check and
// whose schema version this binary knows. The target is replaced atomically:
// the backup is copied into a temporary file beside it, the old database is
// checkpointed and its -wal/-shm files removed, then the temporary file is
// renamed over it. No process may have the target open meanwhile (stop
// `kinet serve` first); this function cannot check that.
// Errors: FailedPrecondition for a PostgreSQL url (use pg_restore), for a
// backup that is not a KINet database or fails the integrity check (the
// message says which), or for a backup newer than this binary; NotFound when
// backup_path does not exist; Unavailable when the target cannot be written.
Status RestoreSqlite(const std::string& backup_path, std::string_view db_url);

}  // namespace kinet
