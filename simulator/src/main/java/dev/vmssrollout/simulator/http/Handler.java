package dev.vmssrollout.simulator.http;

/** Answers one kind of request. */
@FunctionalInterface
public interface Handler {
    Response handle(Request request);
}
