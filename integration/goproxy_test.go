package integration

import (
	"crypto/tls"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/certs"
	"github.com/gdx-exchange/gdx/connectors/sim"
)

// The load benchmark's second peer: a plain mutual-TLS reverse proxy
// written with Go's standard library (net/http, crypto/tls,
// httputil.ReverseProxy) and nothing else, doing what the nginx peer
// does. It runs as this test binary started again with goProxyEnv set,
// so that its CPU is its own process's. What it costs per request is what
// any Go server pays for HTTP and TLS on both sides before doing any
// work of its own, which puts the gateway's figures against nginx's in
// proportion.

// goProxyEnv carries the proxy's goProxyConfig as JSON.
const goProxyEnv = "GDX_LOAD_GOPROXY"

type goProxyConfig struct {
	Listen   string // host:port
	Data     string // the cluster's data directory: server, upstream and CA certificates
	Upstream string // https://host:port of the civil registry simulator
}

func init() {
	if v := os.Getenv(goProxyEnv); v != "" {
		var cfg goProxyConfig
		if err := json.Unmarshal([]byte(v), &cfg); err != nil {
			fmt.Fprintln(os.Stderr, "go proxy:", err)
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "go proxy:", serveGoProxy(cfg))
		os.Exit(1)
	}
}

// serveGoProxy serves until the process is stopped: client certificates
// checked against the exchange CA, requests forwarded over mutual TLS with
// the gateway's upstream certificate on kept-alive connections.
func serveGoProxy(cfg goProxyConfig) error {
	ca, err := certs.LoadCAPool(filepath.Join(cfg.Data, "ca.crt"))
	if err != nil {
		return err
	}
	server, err := tls.LoadX509KeyPair(filepath.Join(cfg.Data, "server.crt"), filepath.Join(cfg.Data, "server.key"))
	if err != nil {
		return err
	}
	upstreamCert, err := tls.LoadX509KeyPair(filepath.Join(cfg.Data, "upstream.crt"), filepath.Join(cfg.Data, "upstream.key"))
	if err != nil {
		return err
	}
	target, err := url.Parse(cfg.Upstream)
	if err != nil {
		return err
	}
	proxy := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) { r.SetURL(target) },
		Transport: &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 256, IdleConnTimeout: 2 * time.Minute,
			TLSClientConfig: &tls.Config{RootCAs: ca, Certificates: []tls.Certificate{upstreamCert}, ServerName: "localhost",
				MinVersion: tls.VersionTLS12}},
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: proxy, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute,
		TLSConfig: &tls.Config{Certificates: []tls.Certificate{server}, ClientCAs: ca,
			ClientAuth: tls.RequireAndVerifyClientCert, MinVersion: tls.VersionTLS12}}
	return srv.ServeTLS(ln, "", "")
}

// startGoProxy starts the Go proxy peer in front of the cluster's civil
// registry simulator and waits until it listens.
func startGoProxy(t *testing.T, c *serveCluster) runningPeer {
	t.Helper()
	listen := freeLoopback(t)
	cfg, _ := json.Marshal(goProxyConfig{Listen: listen, Data: c.Dir, Upstream: c.Sims[sim.CivilRegistry].URL()})
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), goProxyEnv+"="+string(cfg))
	out := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if conn, err := net.DialTimeout("tcp", listen, time.Second); err == nil {
			conn.Close()
			return runningPeer{url: "https://" + listen, pid: cmd.Process.Pid}
		}
	}
	t.Fatalf("the Go proxy did not listen on %s within 10s:\n%s", listen, strings.TrimSpace(out.String()))
	return runningPeer{}
}
