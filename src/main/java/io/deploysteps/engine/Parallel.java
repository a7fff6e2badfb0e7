package io.deploysteps.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Work the steps run side by side: mostly docker CLI calls, which wait on a process, so each gets a
 * daemon thread of its own (the common pool has a single worker on a 2-core agent). A failure comes
 * back as the task's own exception, not wrapped.
 */
public final class Parallel {
  private Parallel() {}

  /** Starts {@code work} on a new daemon thread named {@code name}. */
  public static <T> CompletableFuture<T> start(String name, Supplier<T> work) {
    return CompletableFuture.supplyAsync(work, threadNamed(name));
  }

  /** {@code work} on every item, at most {@code atOnce} at a time; the results in the items' order. */
  public static <T, R> List<R> map(String name, int atOnce, List<T> items, Function<T, R> work) {
    if (items.size() <= 1 || atOnce <= 1) {
      List<R> out = new ArrayList<>();
      items.forEach(i -> out.add(work.apply(i)));
      return out;
    }
    Executor threads = threadNamed(name);
    java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(atOnce);
    List<CompletableFuture<R>> futures = new ArrayList<>();
    for (T item : items) {
      futures.add(CompletableFuture.supplyAsync(() -> {
        slots.acquireUninterruptibly();
        try {
          return work.apply(item);
        } finally {
          slots.release();
        }
      }, threads));
    }
    List<R> out = new ArrayList<>();
    for (CompletableFuture<R> f : futures) {
      out.add(join(f));
    }
    return out;
  }

  /** {@code all} in runs of at most {@code size}, in order (views of the list). */
  public static <T> List<List<T>> chunks(List<T> all, int size) {
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i += size) {
      out.add(all.subList(i, Math.min(all.size(), i + size)));
    }
    return out;
  }

  /** The result, or the task's own RuntimeException. */
  public static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause() : e;
    }
  }

  private static Executor threadNamed(String name) {
    return task -> {
      Thread t = new Thread(task, name);
      t.setDaemon(true);
      t.start();
    };
  }
}
