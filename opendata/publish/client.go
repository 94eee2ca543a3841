package publish

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Caller calls one CKAN action: what Publish needs of a CKAN.
type Caller interface {
	// Call posts params (a JSON object) to the action and decodes the
	// envelope's result into result (nil discards it). A CKAN error comes
	// back as an *APIError; transport failures as other errors.
	Call(ctx context.Context, action string, params, result any) error
}

// ClientConfig configures a Client. Only URL is required.
type ClientConfig struct {
	// URL is the CKAN site's base URL, e.g. https://data.go.th; the
	// client posts to URL/api/3/action/<name>.
	URL string
	// Token is a CKAN API token (CKAN 2.10+), sent as the Authorization
	// header. Empty means anonymous. It is never logged or put in errors.
	Token string
	// Timeout bounds each HTTP attempt (default 30 s).
	Timeout time.Duration
	// MaxBody bounds a response body in bytes (default 32 MiB).
	MaxBody int64
	// Retry is the retry policy for 5xx answers and network errors.
	Retry Retry
	// HTTP is the underlying client (default a new http.Client); its
	// Timeout is overridden by Timeout.
	HTTP *http.Client
	// UserAgent is sent with every request (default "gdx-publish").
	UserAgent string
}

// Client is a Caller over CKAN's action API v3.
type Client struct {
	base    *url.URL
	token   string
	http    *http.Client
	maxBody int64
	retry   Retry
	agent   string
}

// NewClient returns a client for the CKAN at cfg.URL. Errors: the URL is
// not an absolute http(s) URL.
func NewClient(cfg ClientConfig) (*Client, error) {
	u, err := url.Parse(strings.TrimRight(cfg.URL, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("publish: CKAN URL %q must be an absolute http(s) URL", cfg.URL)
	}
	hc := &http.Client{}
	if cfg.HTTP != nil {
		c := *cfg.HTTP
		hc = &c
	}
	hc.Timeout = orDefault(cfg.Timeout, 30*time.Second)
	c := &Client{base: u, token: cfg.Token, http: hc, maxBody: orDefault(cfg.MaxBody, 32<<20),
		retry: cfg.Retry.withDefaults(), agent: cfg.UserAgent}
	if c.agent == "" {
		c.agent = "gdx-publish"
	}
	return c, nil
}

// String names the client by its site, never its token, so that a
// client printed into a log shows no secret.
func (c *Client) String() string { return "publish.Client(" + c.base.Redacted() + ")" }

// GoString implements fmt.GoStringer like String, for %#v.
func (c *Client) GoString() string { return c.String() }

func orDefault[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// Call implements Caller. It retries 5xx answers and network errors
// with the client's policy, and never a 4xx.
func (c *Client) Call(ctx context.Context, action string, params, result any) error {
	body, err := json.Marshal(params)
	if err != nil {
		return fmt.Errorf("publish: encode %s: %w", action, err)
	}
	return c.retry.do(ctx, func() error { return c.once(ctx, action, body, result) })
}

// once makes one HTTP attempt; an error it marks retryable is a 5xx or a
// transport failure.
func (c *Client) once(ctx context.Context, action string, body []byte, result any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.actionURL(action), bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("publish: %s: %w", action, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.agent)
	if c.token != "" {
		req.Header.Set("Authorization", c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		// The error names the URL, never the token (it travels in a header).
		return retryable(fmt.Errorf("publish: %s: %w", action, err))
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, c.maxBody+1))
	if err != nil {
		return retryable(fmt.Errorf("publish: %s: read response: %w", action, err))
	}
	if int64(len(raw)) > c.maxBody {
		return fmt.Errorf("publish: %s: response larger than %d bytes", action, c.maxBody)
	}
	err = decodeEnvelope(action, resp.StatusCode, raw, result)
	if resp.StatusCode >= 500 {
		return retryable(err)
	}
	return err
}

func (c *Client) actionURL(action string) string {
	return c.base.JoinPath("api", "3", "action", action).String()
}

// envelope is CKAN's answer: {"help", "success", "result"|"error"}.
type envelope struct {
	Success *bool           `json:"success"`
	Result  json.RawMessage `json:"result"`
	Error   json.RawMessage `json:"error"`
}

// decodeEnvelope turns one answer into the result or an *APIError.
// CKAN answers an unknown action with a bare JSON string (400), and a
// proxy in front of it may answer with HTML: both become APIErrors that
// carry the status and a short excerpt.
func decodeEnvelope(action string, status int, raw []byte, result any) error {
	var env envelope
	if err := json.Unmarshal(raw, &env); err != nil || env.Success == nil {
		var s string
		isCKAN := json.Unmarshal(raw, &s) == nil
		return &APIError{Action: action, Status: status, Message: bareMessage(raw, status), notCKAN: !isCKAN}
	}
	if !*env.Success || status >= 300 {
		e := parseError(env.Error)
		e.Action, e.Status = action, status
		return e
	}
	if result == nil {
		return nil
	}
	if err := json.Unmarshal(env.Result, result); err != nil {
		return fmt.Errorf("publish: %s: decode result: %w", action, err)
	}
	return nil
}

// bareMessage is the text of an answer that is not an envelope.
func bareMessage(raw []byte, status int) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	text := strings.TrimSpace(string(raw))
	if len(text) > 200 {
		text = text[:200] + "…"
	}
	if text == "" {
		return http.StatusText(status)
	}
	return text
}

// isRetryable reports whether err is worth another attempt.
func isRetryable(err error) bool {
	var r *retryableError
	return errors.As(err, &r)
}
