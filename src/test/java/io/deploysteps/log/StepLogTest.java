package io.deploysteps.log;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class StepLogTest {
  @Test
  public void prefixesAndMasksEveryLineWithSecretsSharedAcrossDerivedLogs() {
    List<String> lines = new ArrayList<>();
    StepLog root = StepLog.to(lines::add);
    StepLog step = root.forStep("buildAndPushEcr");
    root.addSecret("hunter2");
    root.addSecret("hunter2-long");
    step.info("login with hunter2-long then hunter2");
    step.warn("two\nlines hunter2");
    assertEquals(List.of(
        "[buildAndPushEcr] login with **** then ****",
        "[buildAndPushEcr] WARNING: two",
        "[buildAndPushEcr] lines ****"), lines);
  }

  @Test
  public void emptySecretsAreIgnored() {
    List<String> lines = new ArrayList<>();
    StepLog log = StepLog.to(lines::add);
    log.addSecret("");
    log.addSecret(null);
    log.info("plain %d", 3);
    assertEquals(List.of("plain 3"), lines);
  }
}
