package digitalid

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

// Server is a Provider listening on its own loopback address, as `gdx
// demo` runs it.
type Server struct {
	*Provider
	http *http.Server
	done chan error
}

// Start listens on addr (127.0.0.1:0, any free port, when empty) and
// serves a provider for cfg until ctx ends or Close is called. An empty
// cfg.Issuer becomes http://ADDR of the listener, so a free port needs no
// second step. Errors: cfg's problems, or the listen error.
func Start(ctx context.Context, addr string, cfg Config) (*Server, error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("digitalid: listen: %w", err)
	}
	if cfg.Issuer == "" {
		cfg.Issuer = "http://" + ln.Addr().String()
	}
	p, err := New(cfg)
	if err != nil {
		ln.Close()
		return nil, err
	}
	s := &Server{Provider: p, done: make(chan error, 1),
		http: &http.Server{Handler: p, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 30 * time.Second}}
	go func() { s.done <- s.http.Serve(ln) }()
	go func() {
		<-ctx.Done()
		_ = s.Close()
	}()
	return s, nil
}

// Close stops the server and waits for it.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := s.http.Shutdown(ctx)
	if serveErr := <-s.done; serveErr != nil && !errors.Is(serveErr, http.ErrServerClosed) {
		return serveErr
	}
	s.done <- http.ErrServerClosed // a second Close returns at once
	return err
}
