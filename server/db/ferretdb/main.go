// Command ferretdb-launcher runs FerretDB v1 (a MongoDB wire-protocol server) over SQLite for
// Wayfinder's embedded mode. It holds an exclusive lock on the data directory so that two
// processes never open the same SQLite files, prints one JSON line with the connection URI once
// it listens, and exits when its parent closes stdin or sends SIGTERM/SIGINT.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// exitLocked tells the caller another process already serves this directory.
const exitLocked = 3

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "TCP address to listen on")
	dir := flag.String("dir", "", "SQLite data directory")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	flag.Parse()
	if *dir == "" {
		fail(2, errors.New("-dir is required"))
	}
	abs, err := filepath.Abs(*dir)
	if err != nil {
		fail(2, err)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		fail(2, err)
	}

	lock, err := os.OpenFile(filepath.Join(abs, ".lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		fail(2, err)
	}
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		fail(exitLocked, fmt.Errorf("data directory %s is in use by another process", abs))
	}

	// FerretDB allocates for every document it decodes; collecting garbage four times less
	// often costs a few tens of megabytes and gives that CPU back to queries.
	debug.SetGCPercent(400)

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fail(2, err)
	}
	logger := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	f, err := ferretdb.New(&ferretdb.Config{
		Listener: ferretdb.ListenerConfig{TCP: *listen},
		Handler:  "sqlite",
		// BEGIN IMMEDIATE makes concurrent writers wait on busy_timeout instead of failing with
		// SQLITE_BUSY when a read transaction would have to be upgraded; WAL with
		// synchronous=NORMAL keeps every commit atomic and crash-safe for the process, with one
		// fsync per checkpoint instead of one per write.
		SQLiteURL: "file:" + abs + "/?_txlock=immediate&_pragma=synchronous(normal)",
		Logger:    logger,
	})
	if err != nil {
		fail(1, err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		// The parent holds our stdin open; EOF means it is gone, so we must not linger.
		_, _ = io.Copy(io.Discard, os.Stdin)
		stop()
	}()

	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()
	go newIDIndexer(abs, logger).run(ctx, 500*time.Millisecond)

	uri := f.MongoDBURI()
	for i := 0; i < 100 && uri == ""; i++ {
		time.Sleep(10 * time.Millisecond)
		uri = f.MongoDBURI()
	}
	line, _ := json.Marshal(map[string]any{"uri": uri, "pid": os.Getpid()})
	fmt.Println(string(line))

	if err := <-done; err != nil && !errors.Is(err, context.Canceled) {
		fail(1, err)
	}
}

func fail(code int, err error) {
	fmt.Fprintln(os.Stderr, "ferretdb-launcher:", err)
	os.Exit(code)
}
