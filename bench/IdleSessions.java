// Holds N idle JDBC sessions open for bench/db-audit (run as a single-file source program with the
// CLI jar on the class path). The password comes from $BENCH_DB_PASSWORD, never argv. Prints
// "ready N" when all are open, then waits until stdin closes and closes them.
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

public class IdleSessions {
  public static void main(String[] args) throws Exception {
    String url = args[0];
    String user = args[1];
    int count = Integer.parseInt(args[2]);
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", System.getenv("BENCH_DB_PASSWORD"));
    List<Connection> open = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      done.add(pool.submit(() -> {
        open.add(DriverManager.getConnection(url, p));
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    System.out.println("ready " + open.size());
    System.out.flush();
    while (System.in.read() >= 0) {
      // wait for the bench to close our stdin
    }
    for (Connection c : open) {
      c.close();
    }
    System.out.println("closed " + open.size());
  }
}
