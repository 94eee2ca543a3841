// Package audit is the exchange's tamper-evident audit trail (DESIGN.md,
// "Audit trail"): every lookup, batch, denial, authentication failure,
// admin action and withholding is an Event, appended durably before the
// response leaves.
//
// Events form one hash chain per writer (each gateway replica is its own
// writer, so no global lock serialises writes, DESIGN.md "Scale"): a link's
// Hash is SHA-256 of the previous link's hash and the event's canonical
// encoding (see Canonical), and Seq rises by one from 1. Every N events or
// T seconds the writer signs a Checkpoint of its head with its Ed25519 key.
// Verify walks every chain with bounded memory and names the first broken
// link.
//
// A Writer group-commits: Append queues the event and waits until the batch
// holding it is committed in one transaction, so a request never answers
// before its event is durable, and a failed write fails every request of
// the batch without advancing the chain. AppendRiding adds a Rider: what
// else the request makes durable in the same transaction (its request
// token's single-use Claim, the decision log's row), so that a lookup pays
// one durable write; a Claim used already refuses only its own request
// (ErrClaimTaken), and its event, amended, is stored all the same. A store
// takes riders by implementing Committer.
//
// Record keys are never stored: Hasher turns a normalised key into a keyed
// HMAC-SHA256, which SubjectLookups uses to answer "who looked at my
// record" (as Estonia's Data Tracker does), hiding events under an active
// Withhold.
//
// Each link records the version of the canonical encoding its hash covers
// (Event.Version), so that chains sealed by an older release still verify
// after the event gains fields; audit/testdata holds a trail written by the
// release before version 2.
//
// NOTE: audit imports catalog (error kinds), internal/deadline (the bound
// on a batch's commit) and the standard library only.
// Storage is the Store interface declared here, in three parts for its
// three kinds of user: Appender (the Writer), ChainReader (Verify) and
// Querier (auditors, SubjectLookups, open data's statistics).
// audit/sqlstore implements it on internal/sqldb, and audittest.Run is the
// conformance suite every implementation passes.
package audit
