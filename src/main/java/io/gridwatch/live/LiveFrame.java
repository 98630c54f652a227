package io.gridwatch.live;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;

/**
 * One live event as published on one address: the bridge's {@code rec} envelope
 * ({@code {"type":"rec","address":...,"body":<event>}}) encoded once, here, and then written as
 * is to every socket listening on that address, instead of being encoded again per socket.
 * Immutable, so the event bus hands the same instance to every local consumer.
 *
 * @param seq the event's system-wide sequence number
 * @param address the address it was published on
 * @param event the event JSON ({@code {"seq","type","at","cellCode","data"}}), as stored
 */
public record LiveFrame(long seq, String address, String event, String text, Buffer bytes) {

  /** The frame for {@code event} (already-encoded JSON) published on {@code address}. */
  static LiveFrame of(long seq, String address, String event) {
    // The address is one of ours (LiveAddresses: letters, digits, dots), so it needs no escaping.
    String text = "{\"type\":\"rec\",\"address\":\"" + address + "\",\"body\":" + event + "}";
    return new LiveFrame(seq, address, event, text, Buffer.buffer(text));
  }

  /** The event, decoded: for consumers on the server (a new object per call). */
  public JsonObject eventJson() {
    return new JsonObject(event);
  }

  /**
   * Delivers frames to consumers in this process without copying. Frames never cross the
   * cluster: every node runs its own relay over the shared outbox (see {@link OutboxRelay}).
   */
  static final class Codec implements MessageCodec<LiveFrame, LiveFrame> {
    static final String NAME = "gridwatch-live-frame";

    @Override
    public void encodeToWire(Buffer buffer, LiveFrame frame) {
      throw new UnsupportedOperationException("live frames are published on this node only");
    }

    @Override
    public LiveFrame decodeFromWire(int pos, Buffer buffer) {
      throw new UnsupportedOperationException("live frames are published on this node only");
    }

    @Override
    public LiveFrame transform(LiveFrame frame) {
      return frame;
    }

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }
}
