package pgtest

import (
	"context"
	"fmt"
	"time"

	"github.com/ory/dockertest/v3"
	"github.com/ory/dockertest/v3/docker"
)

// dockerPool returns a pool for the Docker engine, or nil when no engine
// answers a ping within half a second.
func dockerPool() *dockertest.Pool {
	pool, err := dockertest.NewPool("")
	if err != nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	if err := pool.Client.PingWithContext(ctx); err != nil {
		return nil
	}
	return pool
}

// startDocker runs a postgres:15 container that removes itself 10 minutes
// later, waits until it accepts connections and returns its admin URL.
func startDocker(pool *dockertest.Pool) (string, error) {
	res, err := pool.RunWithOptions(&dockertest.RunOptions{
		Repository: "postgres",
		Tag:        "15",
		Env:        []string{"POSTGRES_HOST_AUTH_METHOD=trust"},
		Cmd: []string{"postgres", "-c", "fsync=off", "-c", "synchronous_commit=off",
			"-c", "full_page_writes=off", "-c", "max_connections=200"},
		Labels: map[string]string{"gdx-pgtest": "1"},
	}, func(hc *docker.HostConfig) {
		hc.AutoRemove = true
		hc.RestartPolicy = docker.RestartPolicy{Name: "no"}
	})
	if err != nil {
		return "", fmt.Errorf("pgtest: docker run postgres:15: %w", err)
	}
	res.Expire(600) // no TestMain to purge at exit: stop (and so remove) it later
	u := "postgres://postgres@" + res.GetHostPort("5432/tcp") + "/postgres?sslmode=disable"
	pool.MaxWait = time.Minute
	if err := pool.Retry(func() error { return ping(u) }); err != nil {
		pool.Purge(res)
		return "", fmt.Errorf("pgtest: docker postgres:15 did not accept connections on %s within %v: %w", u, pool.MaxWait, err)
	}
	return u, nil
}
