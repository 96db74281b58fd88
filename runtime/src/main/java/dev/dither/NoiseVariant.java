package dev.dither;

/**
 * The noisy activations of Gulcehre et al. (2016), "Noisy Activation Functions", ICML.
 * With {@code h} the hard function, {@code u} its linearisation, {@code Δ = h(x) - u(x)},
 * {@code σ(x) = c (sigmoid(pΔ) - 0.5)²}, {@code d(x) = -sgn(x) sgn(1 - α)} and sgn(0) = 1.
 */
public enum NoiseVariant {
  /** No noise: the plain hard function. */
  NONE,
  /** Eq. 12 with normal noise: {@code αh + (1-α)u + dσξ}. Test time: {@code αh + (1-α)u}. */
  NAN,
  /** Algorithm 1, half-normal noise: {@code αh + (1-α)u + dσ|ξ|}. Test time uses E|ξ| = sqrt(2/π). */
  NAH,
  /** Eq. 14 with a fixed σ = c: {@code h(x + cξ)}. Test time: {@code h(x)}. */
  NANI,
  /** Eq. 14 with the learned σ of eq. 9: {@code h(x + σ(x)ξ)}. Test time: {@code h(x)}. */
  NANIL,
  /** Eq. 15: {@code h(x + 1[|x| >= threshold] cξ)}, noise only where the unit saturates. */
  NANIS
}
