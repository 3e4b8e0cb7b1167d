/** Gives the main thread back (input, rendering) before going on. */
export const yieldToMain = (): Promise<void> =>
  new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });

/** How long a long job on the page's thread works before it gives the thread back. */
export const SLICE_MS = 30;
