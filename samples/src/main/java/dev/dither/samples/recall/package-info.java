/**
 * Associative recall (Graves et al. 2014) as in sec. 6.6(b) of Gulcehre et al. 2016, at CPU
 * scale and with an LSTM standing in for the NTM controller.
 * {@link dev.dither.samples.recall.AssociativeRecall} is the main and describes the task.
 *
 * <p>Sequences have 2 to 6 items, so they are 4 to 8 tokens long; the networks declare
 * {@code @Sequence(value = 8, variableLength = true)} and every call passes each example's
 * length, so padding is masked and the LSTM's {@code LAST} output is the state after the query.
 * The noisy controllers ({@link dev.dither.samples.recall.RecallNan},
 * {@link dev.dither.samples.recall.RecallNah}) anneal c from 30 to 0.5 with the schedule of the
 * unique-count experiment, as the paper does for its NTM. Hyper-parameters (Adam, learning rate
 * 1e-2, batch 32, clipping 5, 5,000 steps) were chosen for the soft-gated reference alone: its
 * learning rate is the best of 1e-3, 3e-3 and 1e-2 on seed 1.
 */
package dev.dither.samples.recall;
