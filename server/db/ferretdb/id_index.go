package main

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"syscall"
	"time"

	_ "modernc.org/sqlite" // the same SQLite driver FerretDB uses
)

// FerretDB v1's SQLite backend looks documents up by _id with the expression
// `_ferretdb_sjson->'$._id'`, while the unique index it creates for _id is on
// `_ferretdb_sjson->"_id"`. SQLite only uses an expression index whose expression matches the
// query's exactly, so every read, replace and delete by _id scans the whole table. We add an
// index on the exact lookup expression to every collection table, which turns those scans into
// index searches. The index is ours alone: FerretDB neither lists nor drops it, and it goes away
// with its table.
const idLookupExpr = `_ferretdb_sjson->'$._id'`

// idIndexSuffix ends the name of our index on a table.
const idIndexSuffix = "_wayfinder_id_lookup"

// idIndexBusyTimeout bounds how long a sweep waits for FerretDB's writers before it leaves a
// database to the next sweep.
const idIndexBusyTimeout = 250 * time.Millisecond

// The indexer never keeps a database open between sweeps. FerretDB drops a database by closing
// it and deleting its file; a connection of ours still open at that moment would keep the
// -wal and -shm files of the dropped database alive under their names, a database created again
// with the same name would adopt them (and the pages of the dropped one), and our late close
// would delete or truncate files the new one uses: the classic way to corrupt SQLite or make it
// fault on a truncated shared-memory map. Open only while indexing, never create a file, and
// leave alone a database that has not changed since it was last found fully indexed.
type idIndexer struct {
	dir    string
	logger *slog.Logger
	// indexed maps a database file to the state it had when every table in it had our index.
	indexed map[string]fileState
}

// fileState identifies a database file and its write-ahead log as of one moment; any write or a
// new file with the same name changes it.
type fileState struct {
	ino, size, walSize int64
	mtime, walMtime    int64
}

func newIDIndexer(dir string, logger *slog.Logger) *idIndexer {
	return &idIndexer{dir: dir, logger: logger, indexed: map[string]fileState{}}
}

// run checks for new collection tables until ctx ends.
func (x *idIndexer) run(ctx context.Context, every time.Duration) {
	ticker := time.NewTicker(every)
	defer ticker.Stop()
	for {
		x.sweep(ctx)
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

func (x *idIndexer) sweep(ctx context.Context) {
	files, err := filepath.Glob(filepath.Join(x.dir, "*.sqlite"))
	if err != nil {
		return
	}
	present := map[string]bool{}
	for _, file := range files {
		present[file] = true
		before, ok := statFile(file)
		if !ok || before.size == 0 {
			continue // gone, or so new that FerretDB has not written its first page
		}
		if x.indexed[file] == before {
			continue
		}
		done, err := x.indexFile(ctx, file)
		if err != nil {
			x.logger.Debug("id index sweep failed", "file", file, "error", err)
			continue
		}
		if after, ok := statFile(file); ok && done && after.ino == before.ino {
			x.indexed[file] = after
		}
	}
	for file := range x.indexed {
		if !present[file] {
			delete(x.indexed, file)
		}
	}
}

func statFile(file string) (fileState, bool) {
	info, err := os.Stat(file)
	if err != nil {
		return fileState{}, false
	}
	s := fileState{size: info.Size(), mtime: info.ModTime().UnixNano()}
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		s.ino = int64(st.Ino)
	}
	if wal, err := os.Stat(file + "-wal"); err == nil {
		s.walSize, s.walMtime = wal.Size(), wal.ModTime().UnixNano()
	}
	return s, true
}

// indexFile adds our index to every collection table of one database that lacks it, and
// reports whether all of them have it now. The database is closed before it returns.
func (x *idIndexer) indexFile(ctx context.Context, file string) (bool, error) {
	// mode=rw: a database dropped since the glob must not be created again by us.
	db, err := sql.Open("sqlite", fmt.Sprintf("file:%s?mode=rw&_pragma=busy_timeout(%d)&_txlock=immediate",
		file, idIndexBusyTimeout.Milliseconds()))
	if err != nil {
		return false, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	rows, err := db.QueryContext(ctx,
		`SELECT t.name FROM sqlite_master t WHERE t.type = 'table'
		   AND t.name NOT LIKE '\_ferretdb\_%' ESCAPE '\' AND t.name NOT LIKE 'sqlite\_%' ESCAPE '\'
		   AND NOT EXISTS (SELECT 1 FROM sqlite_master i WHERE i.type = 'index' AND i.name = t.name || ?)`,
		idIndexSuffix)
	if err != nil {
		return false, err
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			_ = rows.Close()
			return false, err
		}
		tables = append(tables, name)
	}
	_ = rows.Close()
	if err := rows.Err(); err != nil {
		return false, err
	}
	for _, table := range tables {
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (%s)`, table+idIndexSuffix, table, idLookupExpr)
		if _, err := db.ExecContext(ctx, q); err != nil {
			return false, err
		}
	}
	return true, nil
}
