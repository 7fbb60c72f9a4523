import { getJson, paths } from './api.js';

const POLL_MILLIS = 2000;

/**
 * Keeps a rollout page current without reloading: server-sent events from the API (the browser's EventSource,
 * which sends the session cookie), falling back to polling when the stream fails. `onRollout` gets every new
 * version of the rollout; `onError` gets the problems the stream reports and the failures of polling. Returns {stop()}.
 * The mode shows on <body data-live="sse|polling">, and <body data-updates> counts the versions received.
 */
export function watchRollout(id, onRollout, onError) {
  let source = null;
  let timer = null;
  let stopped = false;
  let errors = 0;
  const mode = (m) => {
    document.body.dataset.live = m;
    document.dispatchEvent(new CustomEvent('live-mode', { detail: m }));
  };
  const deliver = (rollout) => {
    document.body.dataset.updates = String(Number(document.body.dataset.updates || 0) + 1);
    onRollout(rollout);
  };

  const poll = async () => {
    timer = null;
    try {
      deliver(await getJson(paths.rollout(id)));
    } catch (e) {
      onError(e);
    }
    if (!stopped) {
      timer = setTimeout(poll, POLL_MILLIS);
    }
  };
  const startPolling = () => {
    if (stopped || timer) {
      return;
    }
    mode('polling');
    poll();
  };

  if (typeof EventSource === 'function') {
    mode('connecting');
    source = new EventSource(paths.stream(id));
    source.addEventListener('rollout', (event) => {
      errors = 0;
      mode('sse');
      deliver(JSON.parse(event.data));
    });
    // The server says so when it cannot read the rollout for a while; the next 'rollout' event clears it.
    source.addEventListener('problem', (event) => onError({ problem: JSON.parse(event.data) }));
    source.onerror = () => {
      errors += 1;
      if (stopped) {
        return;
      }
      // EventSource reconnects by itself after a dropped connection, but gives up (CLOSED) on an HTTP error.
      if (source.readyState === EventSource.CLOSED || errors >= 3) {
        source.close();
        source = null;
        startPolling();
      }
    };
  } else {
    startPolling();
  }

  return {
    stop() {
      stopped = true;
      if (source) {
        source.close();
      }
      clearTimeout(timer);
      mode('stopped');
    },
  };
}
