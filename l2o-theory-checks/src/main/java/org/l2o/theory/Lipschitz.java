package org.l2o.theory;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which constant M Theorem 1 is checked with. A quadratic is not Lipschitz on all of ℝᵖ
 * (Assumption 1a fails), so M must be taken on a stated region.
 */
public enum Lipschitz {
  /** M = ‖∇L(θ)‖: the only property of M the proof of Lemma 1 uses (|∇L(θ)ᵀu| ≤ mM on the ball). */
  POINTWISE,
  /** M = sup_{‖θ′−θ‖≤m} ‖∇L(θ′)‖: the Lipschitz constant of L on the ball of radius m around θ. */
  BALL;

  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses "pointwise" or "ball"; the error names the accepted values. */
  public static Lipschitz parse(String s) {
    for (Lipschitz l : values()) {
      if (l.cliName().equals(s == null ? null : s.trim().toLowerCase(Locale.ROOT))) {
        return l;
      }
    }
    throw new IllegalArgumentException("--lipschitz: expected one of "
        + Arrays.stream(values()).map(Lipschitz::cliName).collect(Collectors.joining("|")) + ", got '" + s + "'");
  }

  @Override
  public String toString() {
    return cliName();
  }
}
