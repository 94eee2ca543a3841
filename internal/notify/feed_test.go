package notify_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/internal/notify"
	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
)

// syncBuffer is a log sink the test reads while the feed writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// notices records what a subscriber was told.
type notices struct {
	mu  sync.Mutex
	got []string
	ch  chan string
}

func newNotices() *notices { return &notices{ch: make(chan string, 64)} }

func (n *notices) add(table string, local bool) {
	s := table
	if local {
		s += "(local)"
	}
	n.mu.Lock()
	n.got = append(n.got, s)
	n.mu.Unlock()
	n.ch <- s
}

// await waits for the notice want, skipping others.
func (n *notices) await(t *testing.T, want string, within time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	timeout := time.After(within)
	for {
		select {
		case s := <-n.ch:
			if s == want {
				return time.Since(start)
			}
		case <-timeout:
			t.Fatalf("no notice %q within %s", want, within)
		}
	}
}

// announce makes a change of table t visible to other processes, as a
// store's trigger would: a NOTIFY, or a counter bump.
func announce(t *testing.T, db *sqldb.DB, table string) {
	t.Helper()
	ctx := context.Background()
	var err error
	if db.Engine() == sqldb.Postgres {
		_, err = db.Exec(ctx, `SELECT pg_notify($1, $2)`, sqldb.ChangeChannel, table)
	} else {
		_, err = db.Exec(ctx, `UPDATE test_changes SET n = n + 1 WHERE tbl = $1`, table)
	}
	if err != nil {
		t.Fatal(err)
	}
}

func setup(t *testing.T, engine string, logs *syncBuffer) (feed *notify.Feed, here, there *sqldb.DB, n *notices) {
	t.Helper()
	url := sqldbtest.URL(t, engine)
	here, there = sqldbtest.OpenURL(t, url), sqldbtest.OpenURL(t, url)
	if engine == sqldb.SQLite {
		if _, err := here.Exec(context.Background(), `CREATE TABLE test_changes (tbl TEXT PRIMARY KEY, n BIGINT NOT NULL);
			INSERT INTO test_changes VALUES ('widgets', 0), ('gadgets', 0)`); err != nil {
			t.Fatal(err)
		}
	}
	feed = notify.New(here, notify.Options{Counters: []string{"test_changes"}, Wait: 100 * time.Millisecond,
		Logger: slog.New(slog.NewTextHandler(logs, nil))})
	n = newNotices()
	feed.Subscribe([]string{"widgets"}, n.add)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go feed.Run(ctx)
	n.await(t, "", 5*time.Second) // the stream opened
	awaitLive(t, feed)
	return feed, here, there, n
}

func TestFeedDeliversChanges(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		var logs syncBuffer
		_, here, there, n := setup(t, engine, &logs)
		announce(t, there, "gadgets") // not subscribed
		announce(t, there, "widgets")
		took := n.await(t, "widgets", time.Second)
		t.Logf("another handle's change arrived after %s", took)

		here.Changed("widgets")
		select {
		case s := <-n.ch:
			if s != "widgets(local)" {
				t.Fatalf("local change: got %q", s)
			}
		default:
			t.Fatal("a local change did not reach the subscriber before Changed returned")
		}
		n.mu.Lock()
		defer n.mu.Unlock()
		for _, s := range n.got {
			if strings.HasPrefix(s, "gadgets") {
				t.Errorf("a subscriber of widgets was told of %q", s)
			}
		}
	})
}

// TestFeedSurvivesALostConnection kills the listening connection: the
// feed must stop being live, log and count the loss, reopen, tell its
// subscribers that anything may have changed, and deliver again.
func TestFeedSurvivesALostConnection(t *testing.T) {
	var logs syncBuffer
	feed, _, there, n := setup(t, sqldb.Postgres, &logs)
	ctx := context.Background()
	if _, err := there.Exec(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE application_name = $1 AND datname = current_database()`, sqldb.StreamApplicationName); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Second)
	for feed.Live() && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if feed.Live() {
		t.Fatal("the feed stayed live after its connection was killed")
	}
	n.await(t, "", 5*time.Second) // reopened: drop everything
	awaitLive(t, feed)
	time.Sleep(20 * time.Millisecond) // the recovery is logged just after
	if !feed.Live() || feed.Losses() != 1 {
		t.Fatalf("after reopening: live %v, losses %d", feed.Live(), feed.Losses())
	}
	announce(t, there, "widgets")
	n.await(t, "widgets", time.Second)
	if !strings.Contains(logs.String(), "change notices lost") || !strings.Contains(logs.String(), "restored") {
		t.Errorf("the loss and the recovery were not logged:\n%s", logs.String())
	}
}

// TestFeedIsNotLiveWithoutAStream: a feed that cannot open its stream
// says so, so caches keep short expiry.
func TestFeedIsNotLiveWithoutAStream(t *testing.T) {
	db := sqldbtest.Open(t, sqldb.SQLite)
	var logs syncBuffer
	feed := notify.New(db, notify.Options{Counters: []string{"no_such_table"}, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go feed.Run(ctx)
	time.Sleep(300 * time.Millisecond)
	if feed.Live() || feed.Losses() != 1 || !strings.Contains(logs.String(), "change notices unavailable") {
		t.Fatalf("live %v, losses %d, logs %s", feed.Live(), feed.Losses(), logs.String())
	}
}

// awaitLive waits for the feed to turn live after telling its subscribers
// to drop what they hold.
func awaitLive(t *testing.T, feed *notify.Feed) {
	t.Helper()
	for deadline := time.Now().Add(time.Second); !feed.Live(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the feed did not turn live")
		}
	}
}
