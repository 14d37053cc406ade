package io.iam4j.it;

/** {@link EdgeAttacks} against the sample with annotation enforcement (request filter and interceptor). */
class EdgeAttacksIT extends EdgeAttacks {}
