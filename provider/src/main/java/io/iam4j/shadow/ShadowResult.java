package io.iam4j.shadow;

/**
 * What one shadow evaluation found, compared with the live answer. The metric tag and the trail
 * use {@link #tag()}.
 */
public enum ShadowResult {
  /** The draft answers as the live version did (allow and allow, or deny and deny). */
  SAME,
  /** Live denied, the draft would allow: promoting it grants this request. */
  NEWLY_ALLOWED,
  /** Live allowed, the draft would deny: promoting it takes this request away. */
  NEWLY_DENIED,
  /** The shadow evaluation failed; the live answer stood (logged with its cause). */
  FAILED,
  /** The shadow queue was full: the request was not evaluated against the draft. */
  DROPPED;

  public String tag() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Whether the draft would answer differently: what the trail records and examples keep. */
  public boolean differs() {
    return this == NEWLY_ALLOWED || this == NEWLY_DENIED;
  }
}
