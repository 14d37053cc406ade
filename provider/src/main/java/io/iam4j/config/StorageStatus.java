package io.iam4j.config;

import java.time.Instant;

/**
 * Whether the configuration storage answers: what health, metrics and the status page report.
 *
 * @param storage the storage's description (never a password)
 * @param available false while the last access failed
 * @param since when the current state (available or not) began
 * @param lastError the last failure's message, or null
 * @param failures accesses that failed since start
 * @param complete false until one full load succeeded: a store started while its database was down
 *     serves nothing (every request denied) until then
 */
public record StorageStatus(String storage, boolean available, Instant since, String lastError, long failures, boolean complete) {}
