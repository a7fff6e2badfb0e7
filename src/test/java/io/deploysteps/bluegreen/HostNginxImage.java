package io.deploysteps.bluegreen;

import io.deploysteps.docker.BuildSpec;
import io.deploysteps.docker.Docker;
import io.deploysteps.testing.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An nginx image made of the host's own nginx binary and the libraries ldd lists, FROM scratch
 * (nothing can be pulled here): nginx at /usr/sbin/nginx, root and nobody in /etc/passwd.
 */
final class HostNginxImage {
  private HostNginxImage() {}

  static void build(Docker docker, String tag) throws Exception {
    Path ctx = Files.createTempDirectory("it-bg-nginx-image");
    Process ldd = new ProcessBuilder("ldd", LocalStack.nginxBin()).redirectErrorStream(true).start();
    String libs = new String(ldd.getInputStream().readAllBytes());
    ldd.waitFor();
    StringBuilder dockerfile = new StringBuilder("FROM scratch\nCOPY nginx /usr/sbin/nginx\nCOPY etc /etc\n");
    Files.copy(Paths.get(LocalStack.nginxBin()), ctx.resolve("nginx"));
    Matcher m = Pattern.compile("(/\\S+\\.so[.0-9]*)").matcher(libs);
    int i = 0;
    while (m.find()) {
      Path lib = Paths.get(m.group(1));
      String copy = "lib" + i++;
      Files.copy(lib, ctx.resolve(copy));
      dockerfile.append("COPY ").append(copy).append(' ').append(lib).append('\n');
    }
    Files.createDirectories(ctx.resolve("etc"));
    Files.writeString(ctx.resolve("etc/passwd"), "root:x:0:0:root:/:/nonexistent\nnobody:x:65534:65534::/:/nonexistent\n");
    Files.writeString(ctx.resolve("etc/group"), "root:x:0:\nnogroup:x:65534:\n");
    Files.writeString(ctx.resolve("Dockerfile"), dockerfile.toString());
    docker.build(BuildSpec.context(ctx.toString()).tag(tag).build(), line -> { });
    ItSupport.deleteTree(ctx);
  }
}
