package audit

// Reason codes of the errors that say the trail cannot take an event. A
// caller that cannot audit an action refuses it, so these codes reach the
// people who asked for it.
const (
	// ReasonUnavailable: the event could not be made durable, so the
	// action it records was not done (or its data not returned).
	ReasonUnavailable = "audit_unavailable"
	// ReasonQueueFull: the writer's queue is full; retry shortly.
	ReasonQueueFull = "audit_queue_full"
)
