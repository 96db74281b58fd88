package dev.dither;

/** The activation sites of the recurrent cells, in PyTorch's block order. */
public enum GateName {
  /** LSTM input gate i (sigmoid), block 0. */
  INPUT,
  /** LSTM forget gate f (sigmoid), block 1. */
  FORGET,
  /** LSTM candidate g (tanh), block 2; GRU candidate n (tanh), block 2. */
  CANDIDATE,
  /** LSTM output gate o (sigmoid), block 3. */
  OUTPUT,
  /** LSTM cell output tanh(c_t): a site of its own, with its own p and noise. */
  CELL,
  /** GRU reset gate r (sigmoid), block 0. */
  RESET,
  /** GRU update gate z (sigmoid), block 1. */
  UPDATE
}
