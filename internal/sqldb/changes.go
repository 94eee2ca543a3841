package sqldb

import "sync"

// ChangeChannel is the PostgreSQL notification channel that stores'
// triggers notify, inside the writing transaction, with the changed
// table's name as payload: `pg_notify('gdx_changes', TG_TABLE_NAME)`.
// PostgreSQL delivers it to every listener when the transaction commits,
// and never when it rolls back.
//
// On SQLite a store's triggers bump a change counter instead: a table of
// (tbl TEXT PRIMARY KEY, n BIGINT) rows, one per watched table, that
// OpenChangeStream polls. Every process writing the file bumps it, so a
// gdx command beside a running server is seen too.
const ChangeChannel = "gdx_changes"

// changeHub calls this process's observers after a committed write, so
// that the process that made a change sees it at once, without waiting
// for its own notification to come back.
type changeHub struct {
	mu        sync.RWMutex
	observers []func(table string)
}

// OnChange registers fn to be called, in the writer's goroutine, every
// time a store on db reports a committed write with Changed. fn must be
// quick and must not write to db.
func (db *DB) OnChange(fn func(table string)) {
	db.changes.mu.Lock()
	defer db.changes.mu.Unlock()
	db.changes.observers = append(db.changes.observers, fn)
}

// Changed tells the observers registered with OnChange that the tables
// changed in a write that has committed. Stores call it after each
// successful write of a table whose readers cache it; other processes and
// replicas learn of the change through the database (ChangeChannel).
func (db *DB) Changed(tables ...string) {
	db.changes.mu.RLock()
	defer db.changes.mu.RUnlock()
	for _, fn := range db.changes.observers {
		for _, t := range tables {
			fn(t)
		}
	}
}
