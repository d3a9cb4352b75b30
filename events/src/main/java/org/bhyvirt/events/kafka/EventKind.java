package org.bhyvirt.events.kafka;

/**
 * How much an event matters when the buffer is full, least first: migration progress is dropped
 * first (a later round supersedes it), then other migration events, lifecycle events last (a
 * scheduler's view of where a domain runs depends on them).
 */
enum EventKind {
    PROGRESS, MIGRATION, LIFECYCLE
}
