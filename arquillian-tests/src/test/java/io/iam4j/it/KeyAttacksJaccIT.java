package io.iam4j.it;

/** {@link KeyAttacks} against the sample with iam4j's Jakarta Authorization provider in the server. */
class KeyAttacksJaccIT extends KeyAttacks {}
