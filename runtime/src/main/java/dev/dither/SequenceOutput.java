package dev.dither;

/** What a recurrent layer passes on. */
public enum SequenceOutput {
  /** The hidden state after each example's last step. */
  LAST,
  /** The mean of the hidden states over each example's steps (time-average pooling). */
  MEAN,
  /** The hidden state at every step: following layers and the loss work per step. */
  ALL
}
