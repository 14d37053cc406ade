package io.iam4j.it;

/** {@link KeyAttacks} against the sample with annotation enforcement only. */
class KeyAttacksIT extends KeyAttacks {}
