/**
 * The continuation experiment of Gulcehre et al. 2016 ("Noisy Activation Functions", ICML),
 * sec. 6.6(a) and Table 5: counting the unique elements of a random integer sequence.
 * {@link dev.dither.samples.unique.UniqueCount} is the main.
 *
 * <h2>Task</h2>
 * Sequences of 26 integers drawn uniformly and independently from {@code 0..10}: <b>10 is
 * included, so there are 11 values</b>. The paper says "between 0 and 10", which does not settle
 * whether 10 is included. The target is the number of distinct values, 1 to 11. With 26 draws
 * from 11 values the counts are concentrated: on the 4000-sequence test set 9, 10 and 11 make up
 * 19%, 44% and 33%, so always answering 10 errs on 56%; a model has to do better than that to have
 * learned anything. Training batches are fresh random sequences at every step; the test set is
 * fixed and drawn from a separate seed (with 11<sup>26</sup> possible sequences, overlap with the
 * training stream is negligible).
 *
 * <h2>Model</h2>
 * As in the paper: an LSTM over the sequence, time-average pooling of its hidden states
 * ({@code SequenceOutput.MEAN}), and a one-hidden-layer ReLU MLP. The paper gives no widths; here
 * the LSTM has 32 units and the MLP 64, sized so that the whole comparison fits in minutes on two
 * cores.
 * <ul>
 *   <li><b>One-hot {@code @Input(11)} rather than {@code @Embedding}.</b> A one-hot vector times
 *       the LSTM's input weights is already a learned vector per value (an embedding of width 4 ×
 *       units folded into {@code weight_ih}); an {@code @Embedding} in front would only add a
 *       low-rank factorisation of the same thing. The values are categories (their order means
 *       nothing to the count), so a scalar input would be wrong. And the generated input loop
 *       skips zero inputs, so the one-hot step costs one row of {@code weight_ih} per step: a
 *       training step measured 6.0–6.5 ms one-hot against 7.7–8.9 ms with a 16-wide embedding,
 *       i.e. more updates in the same budget. (The recall sample uses {@code @Embedding}.)</li>
 *   <li><b>Classification over the 11 counts rather than regression.</b> The paper reports a
 *       test <em>error</em> (a count is right or wrong), which is the argmax of a softmax directly;
 *       a regression output would have to be rounded, and its squared loss would spend its effort
 *       on the size of the mistake instead of on getting the count right. The counts are few and
 *       bounded, so a class each costs nothing.</li>
 * </ul>
 *
 * <h2>Configurations</h2>
 * Four rows of Table 5 (the curriculum row is not rerun):
 * <ul>
 *   <li>reference: soft gates ({@link dev.dither.samples.unique.UniqueReference});</li>
 *   <li>NAN with a constant level c = 0.5, the authors' default and the floor of the annealed
 *       runs ({@link dev.dither.samples.unique.UniqueNan}): hard sigmoid and hard tanh on every
 *       site (gates, candidate, cell output) with normal noise, α = 1.15 as in the authors'
 *       code;</li>
 *   <li>the same network with c annealed by the paper's schedule
 *       {@code max(0.5, 30 / sqrt(1 + floor(step / k)))}, with {@code k = round(steps / 3600)} so
 *       that it reaches 0.5 near the last step, as the paper's does at t = 3599;</li>
 *   <li>NANIL (noise at the input of the hard functions, learned σ of eq. 9) with the same
 *       annealing ({@link dev.dither.samples.unique.UniqueNanil}).</li>
 * </ul>
 * Three controls that are not in Table 5 run only when named on the command line: the same LSTM
 * with hard functions and no noise ({@link dev.dither.samples.unique.UniqueHard}), NANIL with a
 * constant c = 0.5, and the NAN network with c = 0, i.e. its α = 1.15 function without noise.
 * They separate what the hard functions, the α of eq. 12 and the noise each do.
 *
 * <p>Every configuration shares the hyper-parameters chosen for the reference (Adam, learning rate
 * 3e-3, batch 32, gradient clipping 5 as in the paper's recurrent experiments, 12,000 steps): the
 * learning rate is the best of 1e-3, 3e-3 and 1e-2 for the reference alone, on seed 1. For each
 * seed the four networks start from the same weights (the noisy ones add their p, U[-1, 1]) and
 * see the same batches.
 */
package dev.dither.samples.unique;
