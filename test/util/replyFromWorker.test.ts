import { MessageChannel, receiveMessageOnPort } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { replyFromWorker } from "../../src/util/replyFromWorker.js";

function channel() {
  const { port1, port2 } = new MessageChannel();
  return { port1, to: { port: port2, done: new Int32Array(new SharedArrayBuffer(8)), slot: 1 } };
}

describe("replyFromWorker", () => {
  it("posts the work's result with ok true and raises the caller's done flag at its slot", async () => {
    const { port1, to } = channel();
    await replyFromWorker(to, async () => [1, 2, 3]);
    expect(receiveMessageOnPort(port1)?.message).toEqual({ ok: true, result: [1, 2, 3] });
    expect(Array.from(to.done)).toEqual([0, 1]);
    port1.close();
  });

  it("posts a thrown error's message with ok false and still raises the done flag", async () => {
    const { port1, to } = channel();
    await replyFromWorker(to, () => {
      throw new Error("unknown worker task \"x\"");
    });
    expect(receiveMessageOnPort(port1)?.message).toEqual({ ok: false, error: "unknown worker task \"x\"" });
    expect(Atomics.load(to.done, 1)).toBe(1);
    port1.close();
  });
});
