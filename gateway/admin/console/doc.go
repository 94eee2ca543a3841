// Package console is the steward console: the server-rendered web pages
// (under /console, on the admin listener) through which stewards log in,
// read their agency's datasets, grants and purposes, decide grant
// requests, draft, test, approve, activate and roll back policy versions,
// and read the audit trail of their agency's datasets.
//
// Every page calls the same gateway/admin Service verb the admin API
// calls, so that an action leaves the same audit event whichever front
// end made it, and the service, not the console, enforces a steward's
// scope: the console shows its refusals as pages with its message. The
// pages stand on internal/web (templates, messages in Thai and English,
// CSRF, security headers, flash notices, charts); the console's own
// templates and message files live beside this file.
//
// NOTE: console imports gateway/admin, internal/web, audit, catalog and
// policies, never the gateway root package (which mounts it) nor cmd/gdx.
package console
