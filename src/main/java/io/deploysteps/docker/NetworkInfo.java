package io.deploysteps.docker;

/** A network as {@code docker network ls} lists it. */
public record NetworkInfo(String id, String name) {}
