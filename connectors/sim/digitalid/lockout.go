package digitalid

import (
	"sync"
	"time"
)

// A citizen id with lockoutAfter wrong passwords within lockoutFor is
// locked for lockoutFor, whichever login page the attempts came through.
const (
	lockoutAfter = 5
	lockoutFor   = 15 * time.Minute
)

// lockouts counts wrong passwords per citizen id.
type lockouts struct {
	mu sync.Mutex
	m  map[string]*failures
}

type failures struct {
	count int
	first time.Time
	until time.Time // locked until; zero when not locked
}

func newLockouts() *lockouts { return &lockouts{m: map[string]*failures{}} }

// locked reports whether id is locked at now.
func (l *lockouts) locked(id string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	f, ok := l.m[id]
	return ok && now.Before(f.until)
}

// fail counts a wrong password for id and reports whether it locked id.
func (l *lockouts) fail(id string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	f, ok := l.m[id]
	if !ok || now.Sub(f.first) > lockoutFor {
		if len(l.m) >= maxPending {
			clear(l.m) // a simulator may forget counts under a flood
		}
		f = &failures{first: now}
		l.m[id] = f
	}
	f.count++
	if f.count >= lockoutAfter {
		f.until = now.Add(lockoutFor)
		return true
	}
	return false
}

// forget clears id's count after a good password.
func (l *lockouts) forget(id string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.m, id)
}
