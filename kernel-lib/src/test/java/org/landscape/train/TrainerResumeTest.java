package org.landscape.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.landscape.data.Dataset;
import org.landscape.data.Synthetic;
import org.landscape.model.Activation;
import org.landscape.model.Architecture;
import org.landscape.model.Network;

/** Issue 10, item 6: an interrupted training run resumes when the same call runs again, to the uninterrupted run. */
@Tag("reliability")
class TrainerResumeTest {
    private final Dataset data = Synthetic.teacher(60, 4, 3);
    private final Dataset test = Synthetic.teacher(30, 4, 4);

    private Network net() {
        return Network.builder(Architecture.of(5, 6, 1)).activation(Activation.TANH).seed(2).build();
    }

    /** Runs train in a thread interrupted after {@code millis}; returns the run, or null after an interruption. */
    private static TrainingRun interruptedAfter(long millis, Supplier<TrainingRun> train, AtomicReference<String> message)
            throws Exception {
        AtomicReference<TrainingRun> out = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                out.set(train.get());
            } catch (CancellationException e) {
                message.set(e.getMessage());
            }
        });
        t.start();
        Thread.sleep(millis);
        t.interrupt();
        t.join();
        return out.get();
    }

    private void resumesBitForBit(Supplier<Trainer> trainer) throws Exception {
        TrainingRun whole = trainer.get().train(net(), data);
        Network net = net();
        AtomicReference<String> message = new AtomicReference<>();
        TrainingRun run = null;
        int interruptions = 0;
        // delays from 2 ms growing by half each time: the first interruption lands however fast the machine is, and
        // the run still finishes after a few (each resumed attempt keeps the progress saved before it)
        for (long delay = 2; run == null; delay += Math.max(1, delay / 2)) {
            message.set(null);
            run = interruptedAfter(delay, () -> trainer.get().train(net, data), message);
            if (run == null) {
                interruptions++;
                assertTrue(message.get().contains("running the same call again resumes"), message.get());
            }
        }
        assertTrue(interruptions > 0, "the run was interrupted at least once");
        assertArrayEquals(whole.finalParameters(), run.finalParameters(), 0, "after " + interruptions + " interruptions");
        assertArrayEquals(whole.trainLoss(), run.trainLoss(), 0);
        assertArrayEquals(whole.testLoss(), run.testLoss(), 0);
        assertEquals(whole.trajectory().size(), run.trajectory().size());
        for (int i = 0; i < whole.trajectory().size(); i++) {
            assertEquals(whole.trajectory().step(i), run.trajectory().step(i));
            assertArrayEquals(whole.trajectory().snapshot(i), run.trajectory().snapshot(i), 0);
        }
        assertEquals(whole.stoppedEarly(), run.stoppedEarly());
        assertArrayEquals(whole.finalParameters(), net.parameters(), 0);
    }

    @Test
    void minibatchSgdWithMomentumAndDecayResumes() throws Exception {
        resumesBitForBit(() -> Trainer.sgd(0.02).momentum(0.9).decay(0.999).batchSize(7).epochs(600).seed(4)
                .recordEvery(25).test(test).name("sgd"));
    }

    @Test
    void adamAndFullBatchDescentResume() throws Exception {
        resumesBitForBit(() -> Trainer.adam(0.01).batchSize(16).epochs(1500).seed(9).name("adam"));
        resumesBitForBit(() -> Trainer.gradientDescent(0.05).steps(4000).name("descent"));
    }

    @Test
    void aChangedCallStartsANewRunAndSaysSo() throws Exception {
        Network net = net();
        AtomicReference<String> message = new AtomicReference<>();
        TrainingRun run = interruptedAfter(60, () -> Trainer.adam(0.01).epochs(100000).seed(1).train(net, data), message);
        assertEquals(null, run);
        // another learning rate: not the interrupted run, so a new run from the network's parameters now
        double[] now = net.parameters();
        TrainingRun other = Trainer.adam(0.02).epochs(3).seed(1).progress(false).train(net, data);
        Network fresh = net();
        fresh.setParameters(now);
        assertArrayEquals(Trainer.adam(0.02).epochs(3).seed(1).progress(false).train(fresh, data).finalParameters(),
                other.finalParameters(), 0);
    }
}
