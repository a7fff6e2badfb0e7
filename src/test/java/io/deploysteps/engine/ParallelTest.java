package io.deploysteps.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.Test;

public class ParallelTest {
  @Test
  public void mapKeepsTheItemsOrderAndRunsAtMostSoManyAtOnce() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    List<Integer> items = IntStream.range(0, 9).boxed().collect(Collectors.toList());
    List<String> out = Parallel.map("test", 3, items, i -> {
      most.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        Thread.sleep(30);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      running.decrementAndGet();
      return "item " + i;
    });
    assertEquals(items.stream().map(i -> "item " + i).collect(Collectors.toList()), out);
    assertTrue("at most 3 at once, saw " + most.get(), most.get() <= 3);
    assertTrue("more than one at once, saw " + most.get(), most.get() > 1);
  }

  @Test
  public void aTaskFailureComesBackUnwrapped() {
    StepFailedException boom = new StepFailedException("push of r:2 failed");
    try {
      Parallel.map("test", 2, List.of(1, 2, 3), i -> {
        if (i == 2) {
          throw boom;
        }
        return i;
      });
      fail("expected the task's exception");
    } catch (StepFailedException e) {
      assertSame(boom, e);
    }
    try {
      Parallel.join(Parallel.start("test", () -> {
        throw boom;
      }));
      fail("expected the task's exception");
    } catch (StepFailedException e) {
      assertSame(boom, e);
    }
  }

  @Test
  public void chunksAreRunsOfAtMostTheSize() {
    assertEquals(List.of(List.of(1, 2), List.of(3, 4), List.of(5)), Parallel.chunks(List.of(1, 2, 3, 4, 5), 2));
    assertEquals(List.of(), Parallel.chunks(List.of(), 2));
  }
}
