package io.deploysteps.bluegreen;

import io.deploysteps.docker.Docker;
import io.deploysteps.testing.TestImage;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a blueGreenDeploy IT stands on: a service's name and two colour ports, its images on the
 * real dockerd, and a real nginx of the test's own in front (its include pointing at blue). One
 * per IT class: {@link #start} in {@code @BeforeClass}, {@link #reset} around each test, {@link
 * #stop} in {@code @AfterClass}.
 */
final class NginxFixture {
  final String name;
  final int blue;
  final int green;
  final Docker docker;
  final TestNginx nginx;
  private final List<String> images = new ArrayList<>();

  private NginxFixture(String name, int blue, int green, Docker docker, TestNginx nginx) {
    this.name = name;
    this.blue = blue;
    this.green = green;
    this.docker = docker;
    this.nginx = nginx;
  }

  /** Builds {@code images} and starts nginx on 127.0.0.1:{@code nginxPort}, in a temp directory named after the service. */
  static NginxFixture start(String name, int blue, int green, int nginxPort, TestImage... images) throws IOException {
    Docker docker = ItSupport.docker();
    NginxFixture f = new NginxFixture(name, blue, green, docker, new TestNginx(Files.createTempDirectory(name + "-nginx"), nginxPort, blue));
    for (TestImage image : images) {
      image.build(docker);
      f.images.add(image.tag());
    }
    f.nginx.start();
    return f;
  }

  /** No container of the service left, and the include a plain file pointing at blue again. */
  void reset() throws IOException {
    ItSupport.removeAll(docker, name + "-");
    Files.deleteIfExists(nginx.include);
    Files.writeString(nginx.include, NginxIncludeSwitch.content(blue));
  }

  /** Stops nginx, removes its directory and the images. */
  void stop() throws IOException {
    nginx.stop();
    ItSupport.deleteTree(nginx.dir);
    for (String image : images) {
      docker.removeImage(image, true);
    }
  }

  /**
   * The parameters the ITs share: the service on its two ports, healthy when /health answers ok
   * within 20 s, a 200 ms drain, verified through this nginx (its reload is asynchronous: without a
   * verify, old workers may still answer from the old include), switched through its include.
   */
  Map<String, Object> params() {
    return params(name, blue, green, nginx);
  }

  /** {@link #params()} for a service in front of another nginx (an IT with more than one). */
  static Map<String, Object> params(String name, int blue, int green, TestNginx nginx) {
    Map<String, Object> m = ItSupport.quickDeploy(name, blue, green);
    m.put("verifyUrl", "http://127.0.0.1:" + nginx.port + "/");
    m.put("proxy", nginx.proxyParams());
    return m;
  }

  /** The body nginx answers on / (or "HTTP nnn"/"error: ..."). */
  String served() {
    return ItSupport.get("http://127.0.0.1:" + nginx.port + "/");
  }

  /** {@code name status image} of every container of the service, sorted. */
  List<String> containers() {
    return ItSupport.containers(docker, name + "-");
  }
}
