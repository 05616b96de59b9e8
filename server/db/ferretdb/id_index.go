package main

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
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

type idIndexer struct {
	dir    string
	logger *slog.Logger
	dbs    map[string]*sql.DB
	done   map[string]bool
}

func newIDIndexer(dir string, logger *slog.Logger) *idIndexer {
	return &idIndexer{dir: dir, logger: logger, dbs: map[string]*sql.DB{}, done: map[string]bool{}}
}

// run checks for new collection tables until ctx ends.
func (x *idIndexer) run(ctx context.Context, every time.Duration) {
	ticker := time.NewTicker(every)
	defer ticker.Stop()
	defer x.closeAll()
	for {
		x.sweep(ctx)
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

func (x *idIndexer) closeAll() {
	for _, db := range x.dbs {
		_ = db.Close()
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
		if err := x.indexFile(ctx, file); err != nil {
			x.logger.Debug("id index sweep failed", "file", file, "error", err)
		}
	}
	for file, db := range x.dbs {
		if !present[file] {
			_ = db.Close()
			delete(x.dbs, file)
			for key := range x.done {
				if strings.HasPrefix(key, file+"\x00") {
					delete(x.done, key)
				}
			}
		}
	}
}

func (x *idIndexer) indexFile(ctx context.Context, file string) error {
	db, ok := x.dbs[file]
	if !ok {
		if _, err := os.Stat(file); err != nil {
			return err
		}
		var err error
		db, err = sql.Open("sqlite", "file:"+file+"?_pragma=busy_timeout(10000)&_txlock=immediate")
		if err != nil {
			return err
		}
		db.SetMaxOpenConns(1)
		x.dbs[file] = db
	}
	rows, err := db.QueryContext(ctx,
		`SELECT name FROM sqlite_master WHERE type = 'table'
		   AND name NOT LIKE '\_ferretdb\_%' ESCAPE '\' AND name NOT LIKE 'sqlite\_%' ESCAPE '\'`)
	if err != nil {
		return err
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			_ = rows.Close()
			return err
		}
		tables = append(tables, name)
	}
	_ = rows.Close()
	for _, table := range tables {
		key := file + "\x00" + table
		if x.done[key] {
			continue
		}
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (%s)`, table+"_wayfinder_id_lookup", table, idLookupExpr)
		if _, err := db.ExecContext(ctx, q); err != nil {
			return err
		}
		x.done[key] = true
	}
	return nil
}
