package io.gridwatch.http;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Consumer;

/**
 * The one way a handler answers from a {@link Future}: on success the answer is written, on
 * failure the context fails, so that the one {@link FailureHandler} writes the problem+json
 * ({@code ApiException}, store errors, 500 with an incident id). An exception thrown while
 * writing the answer fails the context as well. Nothing is written after the response ended (a
 * timeout or a closed connection).
 */
public final class Respond {
  private Respond() {}

  /** Answers 200 with {@code future}'s JSON ({@link JsonObject}, {@link JsonArray} or text already encoded). */
  public static void json(RoutingContext ctx, Future<?> future) {
    json(ctx, 200, future);
  }

  /** Answers {@code status} with {@code future}'s JSON. */
  public static void json(RoutingContext ctx, int status, Future<?> future) {
    with(ctx, future, value -> send(ctx, status, value));
  }

  /** Answers 204 once {@code future} succeeds. */
  public static void noContent(RoutingContext ctx, Future<?> future) {
    with(ctx, future, value -> ctx.response().setStatusCode(204).end());
  }

  /** Lets {@code answer} write the response from {@code future}'s value; fails the context otherwise. */
  public static <T> void with(RoutingContext ctx, Future<T> future, Consumer<? super T> answer) {
    future.onComplete(to(ctx, answer));
  }

  /**
   * The handler for {@code future.onComplete(...)} that lets {@code answer} write the response from
   * the result, or fails the context: the same as {@link #with}, for a future built inline.
   */
  public static <T> Handler<AsyncResult<T>> to(RoutingContext ctx, Consumer<? super T> answer) {
    return ar -> {
      if (ctx.response().ended()) {
        return;
      }
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      try {
        answer.accept(ar.result());
      } catch (RuntimeException e) {
        ctx.fail(e);
      }
    };
  }

  /** Writes {@code value} as {@code application/json} with {@code status}. */
  public static void send(RoutingContext ctx, int status, Object value) {
    String body = value instanceof JsonObject o ? o.encode()
        : value instanceof JsonArray a ? a.encode()
        : value instanceof String s ? s
        : io.vertx.core.json.Json.encode(value);
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
  }
}
